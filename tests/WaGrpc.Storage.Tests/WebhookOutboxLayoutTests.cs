using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage.Tests;

/// <summary>
/// The outbox's and the dead letters' sizes are maintained counts, also for files written before
/// them; a message waiting in the outbox is found through an index (/webhookStatus?msgId=), so a
/// backlog that grew while the receiver was down is not read to answer it.
/// </summary>
public sealed class WebhookOutboxLayoutTests : IAsyncLifetime
{
    private const string Hook = "http://127.0.0.1:1/hook";
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

    [Fact]
    public async Task AWaitingMessage_IsFoundAmongOthers_ThroughTheIndex()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _writer.WriteAsync(db =>
        {
            db.Settings.Upsert(new SettingsDocument { WebhookUrl = Hook, StatusNotificationsOn = true, AckNotificationsOn = true });
            var events = new List<EventDocument>();
            for (var i = 1; i <= 300; i++)
            {
                events.Add((i % 3) switch
                {
                    0 => new EventDocument { Cursor = i, Kind = EventKind.Message, Message = Message(i, now) },
                    1 => new EventDocument { Cursor = i, Kind = EventKind.Ack, Ack = new AckRecord { MessageId = Id(i), Status = "delivered" } },
                    _ => new EventDocument { Cursor = i, Kind = EventKind.Status, Status = new StatusRecord { AccountStatus = "authenticated" } },
                });
            }

            WebhookOutbox.Record(db, events, now);
            return true;
        });

        Assert.Equal(("queued", now / 1000), _outbox.StatusOf(Id(150)));
        // An ack names a message too, but only a message row makes it "queued".
        Assert.Equal("not sent", _outbox.StatusOf(Id(151)).Status);
        Assert.Equal(("not sent", 0L), _outbox.StatusOf(Id(999)));

        var plan = _database.Read(() => _database.WebhookOutbox.Query().Where(WebhookOutbox.WaitingMessage(Id(150))).GetPlan());
        Assert.Equal(WaGrpcDatabase.OutboxMessageIndex, plan["index"]["expr"].AsString);
        Assert.StartsWith("INDEX SEEK", plan["index"]["mode"].AsString, StringComparison.Ordinal);
    }

    private static string Id(int i) => $"false_17472822486@c.us_3EB0{i:D8}";

    private static MessageDocument Message(int i, long nowMs) => new()
    {
        WaId = Id(i),
        Body = $"m{i}",
        ChatId = "17472822486@c.us",
        Time = nowMs / 1000,
    };

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
        db.Settings.Upsert(new SettingsDocument { WebhookUrl = Hook, StatusNotificationsOn = true });
        var events = Enumerable.Range(1, count)
            .Select(i => new EventDocument { Cursor = i, Kind = EventKind.Status, Status = new StatusRecord { AccountStatus = "authenticated" } })
            .ToList();
        WebhookOutbox.Record(db, events, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return true;
    });

    private static WebhookAttemptDocument Attempt(int n) => new() { Attempt = n, Url = Hook, Time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
}
