using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage.Tests;

public sealed class StorageTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "wagrpc-tests", Guid.NewGuid().ToString("N"));
    private WaGrpcDatabase _database = null!;
    private StoreWriter _writer = null!;
    private EventLog _eventLog = null!;

    public Task InitializeAsync()
    {
        Open();
        return Task.CompletedTask;
    }

    private void Open()
    {
        _database = new WaGrpcDatabase(Options.Create(new StorageOptions { DataDir = _dataDir }));
        _writer = new StoreWriter(_database, NullLogger<StoreWriter>.Instance);
        _eventLog = new EventLog(_database, _writer, new EventNotifier(), TimeProvider.System);
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

    [Fact]
    public void Open_SecondDatabaseOnSameDataDir_RefusesWithClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new WaGrpcDatabase(Options.Create(new StorageOptions { DataDir = _dataDir })));

        Assert.Contains("in use by another WaGrpc process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_OneFailingOperationAmongMany_FailsOnlyItselfAndLeavesNothingHalfWritten()
    {
        var writes = Enumerable.Range(1, 50).Select(i => _writer.WriteAsync(db =>
        {
            db.Settings.Upsert(new SettingsDocument { Id = $"k{i}", WebhookUrl = $"u{i}" });
            if (i == 25)
            {
                throw new InvalidOperationException("boom");
            }

            return i;
        })).ToList();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[24]);
        Assert.Equal("boom", failed.Message);
        foreach (var write in writes.Where((_, index) => index != 24))
        {
            await write;
        }

        Assert.Null(_database.Settings.FindById("k25"));
        Assert.Equal(49, _database.Settings.Count());
    }

    [Fact]
    public async Task Sequences_InAGroupWithAFailingOperation_HandOutEachNumberOnce_AndAreCommittedWithTheGroup()
    {
        // The group's sequences live in memory until its commit: a rollback must drop them.
        var writes = Enumerable.Range(1, 50).Select(i => _writer.WriteAsync(db =>
        {
            var number = db.NextSequence("test");
            db.AddToCount("count:test", 1);
            return i == 25 ? throw new InvalidOperationException("boom") : number;
        })).ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[24]);
        var numbers = await Task.WhenAll(writes.Where((_, index) => index != 24));
        await CloseAsync();
        Open();

        Assert.Equal(Enumerable.Range(1, 49).Select(n => (long)n), numbers.Order());
        Assert.Equal(49, _database.Read(() => _database.CurrentSequence("test")));
        Assert.Equal(49, _database.Read(() => _database.CurrentSequence("count:test")));
    }

    [Fact]
    public async Task AppendFacts_SameMessageTwice_StoresItOnce()
    {
        var message = new WaMessage { Id = "false_17472822486@c.us_ABC", ChatId = "17472822486@c.us", Body = "hi", Time = 1_700_000_000 };

        var first = await _eventLog.AppendFactsAsync([new MessageFact(message), new MessageFact(message)]);
        var second = await _eventLog.AppendFactsAsync([new MessageFact(message with { Body = "changed" })]);

        Assert.Single(first);
        Assert.Empty(second);
        var page = _eventLog.ReadMessages(new MessageQuery(0, false, null, 0, null, null));
        Assert.Equal("hi", Assert.Single(page.Messages).Body);
    }

    [Fact]
    public async Task Sequences_AfterRowsAreDeletedAndTheFileReopened_AreNotHandedOutAgain()
    {
        var queue = new OutboundQueue(_database, _writer, new EventNotifier(), TimeProvider.System);
        await queue.EnqueueAsync(new QueueDocument { Kind = QueueKind.Text, ChatId = "17472822486@c.us", Body = "a" });
        var second = await queue.EnqueueAsync(new QueueDocument { Kind = QueueKind.Text, ChatId = "17472822486@c.us", Body = "b" });
        await queue.ClearUnsentAsync();
        await CloseAsync();

        Open();
        queue = new OutboundQueue(_database, _writer, new EventNotifier(), TimeProvider.System);
        var third = await queue.EnqueueAsync(new QueueDocument { Kind = QueueKind.Text, ChatId = "17472822486@c.us", Body = "c" });

        Assert.Equal(2, second.QueueNumber);
        Assert.Equal(3, third.QueueNumber);
    }

    [Fact]
    public async Task Enqueue_WithFile_StoresTheBytesInTheSameCommit()
    {
        var queue = new OutboundQueue(_database, _writer, new EventNotifier(), TimeProvider.System);
        byte[] content = [1, 2, 3, 4, 5];

        var entry = await queue.EnqueueAsync(new QueueDocument { Kind = QueueKind.File, ChatId = "17472822486@c.us", Filename = "a.bin" }, content);

        Assert.NotNull(entry.FileId);
        Assert.Equal(content, queue.ReadFile(entry.FileId!));
    }

    [Fact]
    public async Task Media_IsKeptOncePerMessage_ReadBack_AndRemovedWhenOlderThanTheCutoff()
    {
        var media = new MediaStore(_database, _writer);
        byte[] first = [1, 2, 3];
        byte[] second = [4, 5, 6, 7];

        var id = await media.SaveAsync("false_1@c.us_A", "image/png", "a.png", first);
        var again = await media.SaveAsync("false_1@c.us_A", "image/png", "a.png", second);
        var kept = media.Read(id);
        var removedNone = await media.RemoveOlderThanAsync(DateTime.UtcNow.AddDays(-30));
        var stillThere = media.Read(id);
        var removed = await media.RemoveOlderThanAsync(DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(id, again);
        Assert.Equal(MediaStore.IdFor("false_1@c.us_A"), id);
        Assert.Equal(second, kept!.Content);
        Assert.Equal("image/png", kept.MimeType);
        Assert.Equal("a.png", kept.Filename);
        Assert.Equal(0, removedNone);
        Assert.NotNull(stillThere);
        Assert.Equal(1, removed);
        Assert.Null(media.Read(id));
        Assert.Null(media.Read("../not-an-id"));
    }
}
