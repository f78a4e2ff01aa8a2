using System.Threading.Channels;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace WaGrpc.Storage;

/// <summary>
/// The single writer of the database. Operations queue up and are committed in groups: everything
/// waiting is run in one transaction (LiteDB manages ~15k single commits/s but ~180k documents/s in
/// one transaction). If a group fails, each operation is retried alone so one bad operation fails
/// only itself. A task completes only after its operation is committed; the after-commit actions
/// (notifications) run in commit order.
/// </summary>
public sealed partial class StoreWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly Channel<WriteOperation> _operations = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WaGrpcDatabase _database;
    private readonly ILogger<StoreWriter> _logger;
    private readonly Task _loop;

    public StoreWriter(WaGrpcDatabase database, ILogger<StoreWriter> logger)
    {
        _database = database;
        _logger = logger;
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Runs <paramref name="work"/> in a transaction; <paramref name="afterCommit"/> runs once it is committed.</summary>
    public Task<T> WriteAsync<T>(Func<WaGrpcDatabase, T> work, Action<T>? afterCommit = null)
    {
        var operation = new WriteOperation<T>(work, afterCommit);
        if (!_operations.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(StoreWriter), "The store is shutting down.");
        }

        return operation.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOperation>(MaxBatch);
        var reader = _operations.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            if (!TryCommit(batch, out var error))
            {
                if (batch.Count == 1)
                {
                    batch[0].Fail(error!);
                    continue;
                }

                foreach (var operation in batch)
                {
                    if (!TryCommit([operation], out var single))
                    {
                        operation.Fail(single!);
                    }
                }
            }
        }
    }

    // Runs synchronously on one thread: LiteDB transactions belong to the thread that began them.
    private bool TryCommit(IReadOnlyList<WriteOperation> batch, out Exception? error)
    {
        lock (_database.CommitGate)
        {
            if (!TryCommitLocked(batch, out error))
            {
                return false;
            }
        }

        foreach (var operation in batch)
        {
            try
            {
                operation.Succeed();
            }
            catch (Exception ex)
            {
                LogAfterCommitFailed(ex);
            }
        }

        return true;
    }

    private bool TryCommitLocked(IReadOnlyList<WriteOperation> batch, out Exception? error)
    {
        var db = _database.Db;
        db.BeginTrans();
        _database.BeginDeferringSequences();
        try
        {
            foreach (var operation in batch)
            {
                operation.Execute(_database);
            }

            _database.EndDeferringSequences(write: true);
            db.Commit();
        }
        catch (Exception ex)
        {
            _database.EndDeferringSequences(write: false);
            try
            {
                db.Rollback();
            }
            catch (LiteException rollbackError)
            {
                LogRollbackFailed(rollbackError);
            }

            error = ex;
            return false;
        }

        error = null;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _operations.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Rolling back a failed write failed")]
    private partial void LogRollbackFailed(Exception ex);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "An after-commit action failed")]
    private partial void LogAfterCommitFailed(Exception ex);

    private abstract class WriteOperation
    {
        public abstract void Execute(WaGrpcDatabase database);

        public abstract void Succeed();

        public abstract void Fail(Exception error);
    }

    private sealed class WriteOperation<T>(Func<WaGrpcDatabase, T> work, Action<T>? afterCommit) : WriteOperation
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public override void Execute(WaGrpcDatabase database) => _result = work(database);

        public override void Succeed()
        {
            try
            {
                afterCommit?.Invoke(_result);
            }
            finally
            {
                _completion.TrySetResult(_result);
            }
        }

        public override void Fail(Exception error) => _completion.TrySetException(error);
    }
}
