using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage.Tests;

/// <summary>The outbox's and the dead letters' sizes are maintained counts, also for files written before them.</summary>
public sealed class WebhookOutboxLayoutTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wagrpc-tests", Guid.NewGuid().ToString("N"));
    private WaGrpcDatabase _database = null!;
    private StoreWriter _writer = null!;
    private WebhookOutbox _outbox = null!;

    public Task InitializeAsync()
    {
        Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await CloseAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Counts_FollowRecordDeliverDeadLetterAndReplay()
    {
        await RecordAsync(5);
        Assert.Equal(5, _outbox.CountWaiting());

        var first = (await _outbox.TakeBatchAsync(2))!;
        await _outbox.CompleteAsync(first, Attempt(1));
        var second = (await _outbox.TakeBatchAsync(2))!;
        await _outbox.DeadLetterAsync(second, Attempt(2));
        Assert.Equal(1, _outbox.CountWaiting());
        Assert.Equal(1, _outbox.CountDeadLetters());

        await _outbox.ReplayAsync(null);
        Assert.Equal(3, _outbox.CountWaiting());
        Assert.Equal(0, _outbox.CountDeadLetters());

        // What is counted is what is there, after a reopen too.
        await CloseAsync();
        Open();
        Assert.Equal(3, _outbox.CountWaiting());
        Assert.Equal(_database.Read(() => _database.WebhookOutbox.Count()), _outbox.CountWaiting());
    }

    [Fact]
    public async Task AFileWithoutTheCounts_IsCountedOnceAtOpen()
    {
        await RecordAsync(4);
        var batch = (await _outbox.TakeBatchAsync(1))!;
        await _outbox.DeadLetterAsync(batch, Attempt(1));
        await CloseAsync();
        using (var db = new LiteDatabase(Path.Combine(_dataDir, new StorageOptions().DatabaseFile), new BsonMapper { EnumAsInteger = false }))
        {
            db.GetCollection("sequences").Delete("count:webhook_outbox");
            db.GetCollection("sequences").Delete("count:webhook_dead_letters");
        }

        Open();

        Assert.Equal(3, _outbox.CountWaiting());
        Assert.Equal(1, _outbox.CountDeadLetters());
    }

    private void Open()
    {
        _database = new WaGrpcDatabase(Options.Create(new StorageOptions { DataDir = _dataDir }));
        _writer = new StoreWriter(_database, NullLogger<StoreWriter>.Instance);
        _outbox = new WebhookOutbox(_database, _writer, TimeProvider.System);
    }

    private async Task CloseAsync()
    {
        await _writer.DisposeAsync();
        _database.Dispose();
    }

    private Task RecordAsync(int count) => _writer.WriteAsync(db =>
    {
        db.Settings.Upsert(new SettingsDocument { WebhookUrl = "http://127.0.0.1:1/hook", StatusNotificationsOn = true });
        var events = Enumerable.Range(1, count)
            .Select(i => new EventDocument { Cursor = i, Kind = EventKind.Status, Status = new StatusRecord { AccountStatus = "authenticated" } })
            .ToList();
        WebhookOutbox.Record(db, events, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return true;
    });

    private static WebhookAttemptDocument Attempt(int n) => new() { Attempt = n, Url = "http://127.0.0.1:1/hook", Time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
}
