using System.Collections.Concurrent;
using System.Threading.Channels;
using LiteDB;
using WaGrpc.Core.Engine;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>
/// The outbound queue in LiteDB. An entry is committed before the caller answers; the dispatcher
/// is woken by a doorbell after each commit and works the queue strictly in order.
/// </summary>
public sealed class OutboundQueue(WaGrpcDatabase database, StoreWriter writer, EventNotifier notifier, TimeProvider time)
{
    public const string QueueSequence = "queue";

    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<long, TaskCompletionSource<QueueDocument>> _groupWaiters = new();

    /// <summary>Rung after every commit that may give the dispatcher work.</summary>
    public ChannelReader<bool> Doorbell => _doorbell.Reader;

    /// <summary>
    /// Commits a new entry (and the file it carries, if any, in the same transaction) and answers
    /// it with its queue number.
    /// </summary>
    public Task<QueueDocument> EnqueueAsync(QueueDocument entry, byte[]? fileContent = null) =>
        writer.WriteAsync(db => Insert(db, entry, fileContent), _ => Ring());

    /// <summary>Commits several entries in one transaction (all or none), in order.</summary>
    public Task<IReadOnlyList<QueueDocument>> EnqueueAllAsync(IReadOnlyList<QueueDocument> entries) =>
        writer.WriteAsync<IReadOnlyList<QueueDocument>>(db => entries.Select(e => Insert(db, e, null)).ToList(), _ => Ring());

    /// <summary>Adds an entry inside another store operation (the caller rings the doorbell after the commit).</summary>
    internal QueueDocument InsertWithin(WaGrpcDatabase db, QueueDocument entry) => Insert(db, entry, null);

    private QueueDocument Insert(WaGrpcDatabase db, QueueDocument entry, byte[]? fileContent)
    {
        entry.QueueNumber = db.NextSequence(QueueSequence);
        entry.State = QueueState.Pending;
        entry.Created = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (fileContent is { } content)
        {
            entry.FileId = $"queue/{entry.QueueNumber}";
            db.UploadFile(entry.FileId, entry.Filename ?? "file", content);
        }

        db.Queue.Insert(entry);
        db.AddToCount(QueueLayout.UnsentCount, 1);
        return entry;
    }

    /// <summary>The entries not sent (waiting, being sent, or given up), oldest first; read in queue order, so at any queue length.</summary>
    public IReadOnlyList<QueueDocument> ListUnsent(int limit) =>
        database.Read(() => database.Queue.Query().OrderBy(x => x.QueueNumber).Limit(limit).ToList());

    /// <summary>How many entries are not sent (a maintained count).</summary>
    public long CountUnsent() => database.Read(() => database.CurrentSequence(QueueLayout.UnsentCount));

    /// <summary>
    /// The oldest entries waiting or being sent, up to <paramref name="limit"/>, in queue order (entries
    /// given up are passed over); the dispatcher sends from the front of it.
    /// </summary>
    public IReadOnlyList<QueueDocument> Front(int limit) =>
        database.Read(() => database.Queue.Query().OrderBy(x => x.QueueNumber).ToEnumerable().Where(x => x.State != QueueState.Failed).Take(limit).ToList());

    /// <summary>An entry by number, sent or not.</summary>
    public QueueDocument? Find(long queueNumber) =>
        database.Read(() => database.Queue.FindById(queueNumber) ?? database.SentQueue.FindById(queueNumber));

    /// <summary>Reads a stored file of an entry.</summary>
    public byte[]? ReadFile(string fileId) => database.Read(() => database.ReadFile(fileId))?.Content;

    /// <summary>
    /// Removes every entry that has not been sent and is not being sent right now (waiting or
    /// given up), with its stored file; answers them.
    /// </summary>
    public Task<IReadOnlyList<QueueDocument>> ClearUnsentAsync() =>
        writer.WriteAsync<IReadOnlyList<QueueDocument>>(db =>
        {
            var removed = db.Queue.Find(x => x.State == QueueState.Pending || x.State == QueueState.Failed)
                .OrderBy(x => x.QueueNumber).ToList();
            db.AddToCount(QueueLayout.UnsentCount, -removed.Count);
            foreach (var entry in removed)
            {
                db.Queue.Delete(entry.QueueNumber);
                if (entry.FileId is not null)
                {
                    db.Db.FileStorage.Delete(entry.FileId);
                }
            }

            return removed;
        });

    /// <summary>Marks an entry as being sent (one more attempt) before the engine is called.</summary>
    public Task<QueueDocument?> BeginAttemptAsync(long queueNumber) =>
        writer.WriteAsync(db =>
        {
            var entry = db.Queue.FindById(queueNumber);
            if (entry is null || entry.State is not (QueueState.Pending or QueueState.Sending))
            {
                return null;
            }

            entry.State = QueueState.Sending;
            entry.Attempts++;
            entry.LastTry = time.GetUtcNow().ToUnixTimeMilliseconds();
            db.Queue.Update(entry);
            return entry;
        });

    /// <summary>Records a created group (before its first message goes out), so a retry does not create it again.</summary>
    public Task RecordGroupCreatedAsync(long queueNumber, string groupChatId, string? inviteLink, string messageId) =>
        writer.WriteAsync(
            db =>
            {
                var entry = db.Queue.FindById(queueNumber) ?? throw new InvalidOperationException($"Queue entry {queueNumber} is gone.");
                entry.ResultChatId = groupChatId;
                entry.InviteLink = inviteLink;
                entry.ChatId = groupChatId;
                entry.MessageId = messageId;
                db.Queue.Update(entry);
                return entry;
            },
            entry =>
            {
                if (_groupWaiters.TryRemove(entry.QueueNumber, out var waiter))
                {
                    waiter.TrySetResult(entry);
                }
            });

    /// <summary>
    /// Marks an entry as sent; <paramref name="sentMessage"/> (the outgoing message as sent) is
    /// recorded in the message log in the same commit.
    /// </summary>
    public Task MarkSentAsync(long queueNumber, WaMessage? sentMessage) =>
        writer.WriteAsync(
            db =>
            {
                var entry = db.Queue.FindById(queueNumber);
                if (entry is not null)
                {
                    entry.State = QueueState.Sent;
                    entry.Sent = time.GetUtcNow().ToUnixTimeMilliseconds();
                    entry.Error = null;
                    db.Queue.Delete(queueNumber);
                    db.SentQueue.Insert(entry);
                    db.AddToCount(QueueLayout.UnsentCount, -1);
                }

                return sentMessage is null
                    ? []
                    : EventLog.RecordFacts(db, [new MessageFact(sentMessage)], time.GetUtcNow().ToUnixTimeMilliseconds(), fromQueue: true);
            },
            notifier.Publish);

    /// <summary>Puts an entry back to wait until <paramref name="notBefore"/> after a failed attempt.</summary>
    public Task MarkRetryAsync(long queueNumber, string error, DateTimeOffset notBefore) =>
        writer.WriteAsync(
            db =>
            {
                var entry = db.Queue.FindById(queueNumber);
                if (entry is not null)
                {
                    entry.State = QueueState.Pending;
                    entry.Error = error;
                    entry.NotBefore = notBefore.ToUnixTimeMilliseconds();
                    db.Queue.Update(entry);
                }

                return entry;
            });

    /// <summary>Gives up on an entry that cannot be sent (it stays listed as failed, with the reason).</summary>
    public Task MarkFailedAsync(long queueNumber, string error) =>
        writer.WriteAsync(db =>
        {
            var entry = db.Queue.FindById(queueNumber);
            if (entry is not null)
            {
                entry.State = QueueState.Failed;
                entry.Error = error;
                db.Queue.Update(entry);
            }

            return entry;
        });

    /// <summary>Waits until the group of entry <paramref name="queueNumber"/> is created, or the timeout passes (then null).</summary>
    public async Task<QueueDocument?> WaitForGroupAsync(long queueNumber, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = _groupWaiters.GetOrAdd(queueNumber, _ => new TaskCompletionSource<QueueDocument>(TaskCreationOptions.RunContinuationsAsynchronously));
        // It may have been created before the waiter was registered.
        if (Find(queueNumber) is { ResultChatId: not null } done)
        {
            _groupWaiters.TryRemove(queueNumber, out _);
            return done;
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _groupWaiters.TryRemove(queueNumber, out _);
            return null;
        }
    }

    internal void Ring() => _doorbell.Writer.TryWrite(true);
}
