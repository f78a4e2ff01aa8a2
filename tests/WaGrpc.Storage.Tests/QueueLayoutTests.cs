using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage.Tests;

/// <summary>The queue's listing reads only what it shows: sent entries move out, the count is maintained.</summary>
public sealed class QueueLayoutTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wagrpc-tests", Guid.NewGuid().ToString("N"));
    private WaGrpcDatabase _database = null!;
    private StoreWriter _writer = null!;
    private OutboundQueue _queue = null!;

    public Task InitializeAsync()
    {
        Open();
        return Task.CompletedTask;
    }

    private void Open()
    {
        _database = new WaGrpcDatabase(Options.Create(new StorageOptions { DataDir = _dataDir }));
        _writer = new StoreWriter(_database, NullLogger<StoreWriter>.Instance);
        _queue = new OutboundQueue(_database, _writer, new EventNotifier(), TimeProvider.System);
    }

    private async Task CloseAsync()
    {
        await _writer.DisposeAsync();
        _database.Dispose();
    }

    public async Task DisposeAsync()
    {
        await CloseAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private Task<QueueDocument> EnqueueAsync(string body) =>
        _queue.EnqueueAsync(QueueDocument.NewSend(QueueKind.Text, "17472822486@c.us", body));

    [Fact]
    public async Task SentEntries_LeaveTheListingAndTheCount_ButStayFindableByNumberAndMessageId()
    {
        var first = await EnqueueAsync("one");
        var second = await EnqueueAsync("two");
        var third = await EnqueueAsync("three");

        await _queue.MarkSentAsync(first.QueueNumber, null);
        await _queue.MarkFailedAsync(second.QueueNumber, "cannot");

        Assert.Equal(2, _queue.CountUnsent());
        Assert.Equal([second.QueueNumber, third.QueueNumber], _queue.ListUnsent(100).Select(e => e.QueueNumber));
        Assert.Equal(third.QueueNumber, _queue.Front(1)[0].QueueNumber);
        Assert.Equal(QueueState.Sent, _queue.Find(first.QueueNumber)!.State);
        Assert.Equal(first.QueueNumber, _database.Read(() => _database.QueueEntryByMessageId(first.MessageId))!.QueueNumber);

        var cleared = await _queue.ClearUnsentAsync();

        Assert.Equal(2, cleared.Count);
        Assert.Equal(0, _queue.CountUnsent());
        Assert.Empty(_queue.ListUnsent(100));
        Assert.Empty(_queue.Front(1));
    }

    [Fact]
    public async Task ListUnsent_TakesTheOldestInOrder_AndTheCountMatchesAtLength()
    {
        var entries = Enumerable.Range(0, 1_500).Select(i => QueueDocument.NewSend(QueueKind.Text, "17472822486@c.us", $"m{i}")).ToList();
        await _queue.EnqueueAllAsync(entries);
        foreach (var sent in entries.Take(200))
        {
            await _queue.MarkSentAsync(sent.QueueNumber, null);
        }

        Assert.Equal(1_300, _queue.CountUnsent());
        Assert.Equal(entries.Skip(200).Take(100).Select(e => e.QueueNumber), _queue.ListUnsent(100).Select(e => e.QueueNumber));
        Assert.Equal(entries[200].QueueNumber, _queue.Front(1)[0].QueueNumber);
    }

    [Fact]
    public async Task AFileOfTheEarlierLayout_IsUpgradedOnce_SentEntriesMovedAndCounted()
    {
        await CloseAsync();
        // The earlier layout: every entry in `queue`, sent ones too, and no maintained count.
        using (var db = new LiteDatabase(Path.Combine(_dataDir, new StorageOptions().DatabaseFile), new BsonMapper { EnumAsInteger = false }))
        {
            db.GetCollection("sequences").Delete("count:queue");
            var queue = db.GetCollection<QueueDocument>("queue");
            queue.Insert(new QueueDocument { QueueNumber = 1, State = QueueState.Sent, ChatId = "1@c.us", MessageId = "true_1@c.us_A" });
            queue.Insert(new QueueDocument { QueueNumber = 2, State = QueueState.Pending, ChatId = "1@c.us", MessageId = "true_1@c.us_B" });
            queue.Insert(new QueueDocument { QueueNumber = 3, State = QueueState.Sent, ChatId = "1@c.us", MessageId = "true_1@c.us_C" });
        }

        Open();

        Assert.Equal(1, _queue.CountUnsent());
        Assert.Equal([2L], _queue.ListUnsent(100).Select(e => e.QueueNumber));
        Assert.Equal(QueueState.Sent, _queue.Find(3)!.State);
        Assert.NotNull(_database.Read(() => _database.QueueEntryByMessageId("true_1@c.us_A")));
    }
}
