using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage.Tests;

/// <summary>
/// /webhookStatus?msgId= finds a message waiting in the outbox through an index: a backlog that grew
/// while the receiver was down is not read to answer it.
/// </summary>
public sealed class WebhookStatusLookupTests : IAsyncLifetime
{
    private const string Hook = "http://127.0.0.1:1/hook";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wagrpc-tests", Guid.NewGuid().ToString("N"));
    private WaGrpcDatabase _database = null!;
    private StoreWriter _writer = null!;
    private WebhookOutbox _outbox = null!;

    public Task InitializeAsync()
    {
        _database = new WaGrpcDatabase(Options.Create(new StorageOptions { DataDir = _dataDir }));
        _writer = new StoreWriter(_database, NullLogger<StoreWriter>.Instance);
        _outbox = new WebhookOutbox(_database, _writer, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_dataDir, recursive: true);
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
}
