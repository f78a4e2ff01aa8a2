using System.Net;
using System.Text.Json.Nodes;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Messaging;

/// <summary>What the gateway stored survives a restart on the same data directory.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Queue_AfterRestart_ListsSameEntriesInOrderWithSameNumbers()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        var viaGrpc = await host.Messaging().SendMessageAsync(new SendMessageRequest { Phone = Phone, Body = "first via gRPC" }).ResponseAsync.DefaultTimeout();
        var (response, json) = await host.PostAsync("/sendMessage", new { phone = Phone, body = "second via REST" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var restQueueNumber = json!["queueNumber"]!.GetValue<long>();
        var restId = json["id"]!.GetValue<string>();
        var viaChatId = await host.SendTextAsync("third via gRPC", OtherChatId);
        var before = await host.QueueAsync();

        await host.RestartAsync(AccountStatus.Init);
        var after = await host.QueueAsync();

        Assert.Equal(3, after.TotalMessages);
        Assert.Equal([viaGrpc.QueueNumber, restQueueNumber, viaChatId.QueueNumber], after.First100.Select(i => i.Id));
        Assert.Equal(after.First100.Select(i => i.Id).Order(), after.First100.Select(i => i.Id));
        Assert.Equal(["first via gRPC", "second via REST", "third via gRPC"], after.First100.Select(i => i.Body));
        Assert.Equal([ChatId, ChatId, OtherChatId], after.First100.Select(i => i.ChatId));
        Assert.Equal([viaGrpc.Id, restId, viaChatId.Id], after.First100.Select(i => JsonNode.Parse(i.Metadata)!["messageId"]!.GetValue<string>()));
        Assert.Equal(before.First100, after.First100);
        Assert.Empty(host.Engine.Sent);
    }

    [Fact]
    public async Task MessageLogAndEventCursors_AfterRestart_Survive()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        await host.EmitAsync(Incoming("D1", "one"), Incoming("D2", "two", OtherChatId));
        await host.EmitAsync(Incoming("D3", "three"));
        var logBefore = await host.Messaging().GetMessagesAsync(new GetMessagesRequest { Limit = 0 }).ResponseAsync.DefaultTimeout();
        List<StreamEventsResponse> eventsBefore;
        using (var stream = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0 }))
        {
            eventsBefore = await stream.ReadUntilAsync(e => e.Message?.Id == $"false_{ChatId}_D3");
        }

        await host.RestartAsync(AccountStatus.Init);

        var logAfter = await host.Messaging().GetMessagesAsync(new GetMessagesRequest { Limit = 0 }).ResponseAsync.DefaultTimeout();
        Assert.Equal(3, logAfter.Messages.Count);
        Assert.Equal(logBefore, logAfter);
        using var replay = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0 });
        var eventsAfter = await replay.ReadAsync(eventsBefore.Count);
        Assert.Equal(eventsBefore, eventsAfter);

        // New events continue the sequences after the restart.
        await host.EmitAsync(Incoming("D4", "four"));
        var next = await replay.NextAsync();
        Assert.Equal(eventsBefore[^1].Cursor + 1, next.Cursor);
        Assert.Equal(logBefore.LastMessageNumber + 1, next.Message.MessageNumber);
    }

    [Fact]
    public async Task QueueNumbers_AfterClearAndRestart_AreNotReused()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        var earlier = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            earlier.Add((await host.SendTextAsync($"to be cleared {i}")).QueueNumber);
        }

        var cleared = await host.Messaging().ClearMessagesQueueAsync(new ClearMessagesQueueRequest()).ResponseAsync.DefaultTimeout();
        Assert.Equal("Cleared 3 messages", cleared.Message);
        Assert.Equal(0, (await host.QueueAsync()).TotalMessages);

        await host.RestartAsync(AccountStatus.Init);
        Assert.Equal(0, (await host.QueueAsync()).TotalMessages);
        var next = await host.SendTextAsync("after the restart");

        Assert.True(next.QueueNumber > earlier.Max(), $"queue number {next.QueueNumber} reused (earlier: {string.Join(", ", earlier)})");
        Assert.Equal([next.QueueNumber], (await host.QueueAsync()).First100.Select(i => i.Id));
    }
}
