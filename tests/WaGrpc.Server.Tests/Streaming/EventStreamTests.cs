using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Storage;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Streaming;

public sealed class EventStreamTests
{
    [Fact]
    public async Task StreamEvents_FromCursorZero_ReplaysStoredThenLiveThenResumesWithoutGapOrDuplicate()
    {
        // Init: no status change at start, so the log holds only what the test emits.
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        var stored = Enumerable.Range(1, 5).Select(i => Incoming($"STORED{i:D2}", $"stored {i}")).ToArray();
        await host.EmitAsync(stored[..3]);
        await host.EmitAsync(stored[3..]);

        // Replay: exactly the stored events, in order, with strictly increasing cursors.
        var stream = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0 });
        var replayed = await stream.ReadAsync(stored.Length);
        Assert.Equal(stored.Select(f => f.Message.Id), replayed.Select(e => e.Message?.Id));
        AssertStrictlyIncreasing(replayed);
        AssertContiguous(replayed, 1);
        var first = replayed[0].Message;
        Assert.Equal("stored 1", first.Body);
        Assert.Equal(ChatId, first.ChatId);
        Assert.Equal("Alice", first.SenderName);
        Assert.False(first.FromMe);
        Assert.All(replayed, e => Assert.True(e.Time > 0));

        // Live: the same stream goes on with new events.
        var live = Enumerable.Range(1, 5).Select(i => Incoming($"LIVE{i:D2}", $"live {i}")).ToArray();
        await host.EmitAsync(live[..2]);
        await host.EmitAsync(live[2..]);
        var liveEvents = await stream.ReadAsync(live.Length);
        Assert.Equal(live.Select(f => f.Message.Id), liveEvents.Select(e => e.Message?.Id));
        AssertContiguous(liveEvents, replayed[^1].Cursor + 1);

        // Cancel after cursor k (in the middle of the live events), then resume after k.
        var k = liveEvents[1].Cursor;
        stream.Dispose();
        var more = Enumerable.Range(1, 3).Select(i => Incoming($"AFTER{i:D2}", $"after {i}")).ToArray();
        await host.EmitAsync(more);

        using var resumed = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = k });
        var rest = await resumed.ReadAsync(live.Length - 2 + more.Length);
        AssertContiguous(rest, k + 1);
        Assert.Equal(live[2..].Concat(more).Select(f => f.Message.Id), rest.Select(e => e.Message?.Id));

        // And it stays live after the resume.
        await host.EmitAsync(Incoming("LAST01"));
        var last = await resumed.NextAsync();
        Assert.Equal(rest[^1].Cursor + 1, last.Cursor);
        Assert.Equal($"false_{ChatId}_LAST01", last.Message?.Id);
    }

    [Fact]
    public async Task StreamEvents_WithoutAfterCursor_SendsOnlyNewEvents()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        await host.EmitAsync(Incoming("OLD01"), Incoming("OLD02"));
        var notifier = host.Services.GetRequiredService<EventNotifier>();
        var before = notifier.LastCursor;

        // The stream answers its headers once it is subscribed. (Not a count of subscribers: the
        // webhook sender, another one, subscribes in the background and may come later.)
        using var stream = EventStream.Open(host.Events(), new StreamEventsRequest());
        await stream.HeadersAsync();
        await host.EmitAsync(Incoming("NEW01"));
        await host.EmitAsync(Incoming("NEW02"));

        var events = await stream.ReadAsync(2);
        Assert.Equal([$"false_{ChatId}_NEW01", $"false_{ChatId}_NEW02"], events.Select(e => e.Message?.Id));
        AssertContiguous(events, before + 1);
    }

    [Fact]
    public async Task StreamEvents_DuplicateMessages_AreRecordedOnce()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        await host.EmitAsync(Incoming("DUP"), Incoming("DUP"));
        await host.EmitAsync(Incoming("DUP"), Incoming("NEXT"));

        using var stream = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0 });
        var events = await stream.ReadUntilAsync(e => e.Message?.Id == $"false_{ChatId}_NEXT");

        Assert.Equal([$"message:false_{ChatId}_DUP", $"message:false_{ChatId}_NEXT"], events.Select(Describe));
        AssertContiguous(events, 1);
    }

    [Fact]
    public async Task StreamEvents_ChatIdFilter_SendsOnlyThatChat()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        await SeedTwoChatsAsync(host);

        using var stream = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0, ChatId = ChatId });
        var events = await stream.ReadUntilAsync(e => e.Message?.Id == $"false_{ChatId}_A2");

        Assert.Equal(
            [$"message:false_{ChatId}_A1", $"message:true_{ChatId}_O1", $"ack:true_{ChatId}_O1:delivered", $"message:false_{ChatId}_A2"],
            events.Select(Describe));
        AssertStrictlyIncreasing(events);
    }

    [Fact]
    public async Task StreamEvents_KindsFilter_SendsOnlyThoseKinds()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        await SeedTwoChatsAsync(host);

        using var acks = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0, Kinds = { EventKind.Ack } });
        using var otherMessages = EventStream.Open(host.Events(), new StreamEventsRequest
        {
            AfterCursor = 0,
            ChatId = OtherChatId,
            Kinds = { EventKind.Message, EventKind.Unspecified },
        });
        var ackEvents = await acks.ReadUntilAsync(e => e.Ack?.Id == $"true_{OtherChatId}_OB");
        var otherEvents = await otherMessages.ReadUntilAsync(e => e.Message?.Id == $"false_{OtherChatId}_B2");

        Assert.Equal([$"ack:true_{ChatId}_O1:delivered", $"ack:true_{OtherChatId}_OB:viewed"], ackEvents.Select(Describe));
        Assert.All(ackEvents, e => Assert.False(e.Ack.HasQueueNumber)); // sent from the phone, not through the gateway
        Assert.Equal(
            [$"message:false_{OtherChatId}_B1", $"message:true_{OtherChatId}_OB", $"message:false_{OtherChatId}_B2"],
            otherEvents.Select(Describe));
    }

    [Fact]
    public async Task StreamEvents_LiveStatusChange_IsSentWithChatFilterAndNotWithOtherKinds()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        await host.EmitAsync(Incoming("A0"));
        using var chat = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0, ChatId = ChatId });
        using var messages = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0, Kinds = { EventKind.Message } });
        Assert.Equal($"false_{ChatId}_A0", (await chat.NextAsync()).Message?.Id);
        Assert.Equal($"false_{ChatId}_A0", (await messages.NextAsync()).Message?.Id);

        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@qr");
        await host.EmitAsync(Incoming("A1"));

        Assert.Equal(["status:got qr code", $"message:false_{ChatId}_A1"], (await chat.ReadAsync(2)).Select(Describe));
        Assert.Equal([$"message:false_{ChatId}_A1"], (await messages.ReadAsync(1)).Select(Describe));
    }

    [Fact]
    public async Task StreamEvents_StoredStatusChanges_AreReplayedWithChatAndKindsFilters()
    {
        // Loading at start: the change init → loading is the first stored event.
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@qr");
        await host.EmitAsync(Incoming("A1"), Incoming("B1", chatId: OtherChatId));

        using var chat = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0, ChatId = ChatId });
        using var statuses = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0, Kinds = { EventKind.Status } });
        var chatEvents = await chat.ReadAsync(3);
        var statusEvents = await statuses.ReadAsync(2);

        Assert.Equal(["status:loading", "status:got qr code", $"message:false_{ChatId}_A1"], chatEvents.Select(Describe));
        Assert.Equal(["status:loading", "status:got qr code"], statusEvents.Select(Describe));
        Assert.Equal([1L, 2L], statusEvents.Select(e => e.Cursor));
        Assert.All(statusEvents, e => Assert.Equal("", e.Status.Reason));
    }

    [Fact]
    public async Task Ack_ForMessageSentThroughGateway_CarriesQueueNumberAndRepeatsAreIgnored()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        using var stream = EventStream.Open(host.Events(), new StreamEventsRequest
        {
            AfterCursor = 0,
            ChatId = ChatId,
            Kinds = { EventKind.Message, EventKind.Ack },
        });
        // The stream is live once it delivered a first message.
        await host.EmitAsync(Incoming("BEFORE"));
        Assert.Equal($"false_{ChatId}_BEFORE", (await stream.NextAsync()).Message?.Id);

        var sent = await host.SendTextAsync("hello through the gateway");
        var outbound = await host.Engine.NextSendAsync();
        Assert.Equal(KeyIdOf(sent.Id), outbound.KeyId);
        // The gateway records what it sent: wait for that before the acks, as the page would.
        var message = await stream.NextAsync();
        Assert.Equal(sent.Id, message.Message.Id);
        Assert.True(message.Message.FromMe);

        await host.EmitAsync(new AckFact(sent.Id, ChatId, AckLevel.Delivered));
        var delivered = await stream.NextAsync();

        Assert.Equal(message.Cursor + 1, delivered.Cursor);
        Assert.NotNull(delivered.Ack);
        Assert.Equal(sent.Id, delivered.Ack.Id);
        Assert.Equal(ChatId, delivered.Ack.ChatId);
        Assert.Equal("delivered", delivered.Ack.Status);
        Assert.True(delivered.Ack.HasQueueNumber);
        Assert.Equal(sent.QueueNumber, delivered.Ack.QueueNumber);

        // A repeated and a lower ack produce no event: the next event is the viewed ack.
        await host.EmitAsync(new AckFact(sent.Id, ChatId, AckLevel.Delivered));
        await host.EmitAsync(new AckFact(sent.Id, ChatId, AckLevel.Sent));
        await host.EmitAsync(new AckFact(sent.Id, ChatId, AckLevel.Viewed));
        var viewed = await stream.NextAsync();

        Assert.Equal(delivered.Cursor + 1, viewed.Cursor);
        Assert.Equal("viewed", viewed.Ack.Status);
        Assert.Equal(sent.QueueNumber, viewed.Ack.QueueNumber);
    }

    // Messages and acks on two chats; acks of messages sent from the phone.
    private static async Task SeedTwoChatsAsync(GatewayHost host)
    {
        await host.EmitAsync(Incoming("A1"), Incoming("B1", chatId: OtherChatId), OutgoingFromPhone("O1"));
        await host.EmitAsync(new AckFact($"true_{ChatId}_O1", ChatId, AckLevel.Delivered), OutgoingFromPhone("OB", chatId: OtherChatId));
        await host.EmitAsync(new AckFact($"true_{OtherChatId}_OB", OtherChatId, AckLevel.Viewed), Incoming("B2", chatId: OtherChatId));
        await host.EmitAsync(Incoming("A2"));
    }

    private static string Describe(StreamEventsResponse e) => e.EventCase switch
    {
        StreamEventsResponse.EventOneofCase.Message => $"message:{e.Message.Id}",
        StreamEventsResponse.EventOneofCase.Ack => $"ack:{e.Ack.Id}:{e.Ack.Status}",
        StreamEventsResponse.EventOneofCase.Status => $"status:{e.Status.AccountStatus}",
        _ => "none",
    };
}
