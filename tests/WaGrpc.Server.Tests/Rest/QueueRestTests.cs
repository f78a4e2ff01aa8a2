using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Core.Engine;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;
using WaGrpc.Testing;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>GET /showMessagesQueue and POST /clearMessagesQueue over REST.</summary>
public sealed class QueueRestTests
{
    [Fact]
    public async Task ShowMessagesQueue_Empty_AnswersZeroAndEmptyList()
    {
        await using var host = await GatewayHost.StartAsync();

        var queue = await host.QueueAsync();

        Assert.Equal("""{"totalMessages":0,"first100":[]}""", queue.ToJsonString());
    }

    [Fact]
    public async Task ShowMessagesQueue_AfterFailedAttempt_LastTryIsUnixMillisecondsNumber()
    {
        await using var host = await GatewayHost.StartAsync();
        var (_, json) = await host.PostJsonAsync("/sendMessage", """{"phone": "17472822486", "body": "Hey!"}""");
        var before = (await host.QueueAsync())["first100"]![0];
        JsonAssert.Kind(before, "last_try", JsonValueKind.Null);
        host.Engine.FailNextSends = 1000;
        var startedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        // The attempt is recorded before the engine is called, so once the engine failed a send, last_try is stored.
        await TaskTimeoutExtensions.WaitUntilAsync(() => Volatile.Read(ref host.Engine.FailNextSends) < 1000, "a failed send attempt");
        var queue = await host.QueueAsync();

        Assert.Equal(1, queue["totalMessages"]!.GetValue<long>());
        var item = Assert.Single(queue["first100"]!.AsArray());
        var metadata = AssertQueueItem(item, AssertQueuedAnswer(json, ChatId), "Hey!", "text", ChatId);
        JsonAssert.Kind(item, "last_try", JsonValueKind.Number);
        var lastTry = item!["last_try"]!.GetValue<long>();
        Assert.InRange(lastTry, startedMs - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
        Assert.True(metadata["attempts"]!.GetValue<int>() >= 1);
        Assert.Empty(host.Engine.Sent);
    }

    [Fact]
    public async Task ClearMessagesQueue_Empty_AnswersClearedZero()
    {
        await using var host = await GatewayHost.StartAsync();

        var (response, json) = await host.PostJsonAsync("/clearMessagesQueue", "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"message":"Cleared 0 messages","messageTextsExample":[]}""", json!.ToJsonString());
    }

    [Fact]
    public async Task ClearMessagesQueue_RemovesOnlyUnsentMessages()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        await host.PostJsonAsync("/sendMessage", """{"phone": "17472822486", "body": "Already sent"}""");
        await host.Engine.NextSendAsync();
        var store = host.Services.GetRequiredService<OutboundQueue>();
        await TaskTimeoutExtensions.WaitUntilAsync(() => store.Find(1)?.State == QueueState.Sent, "entry 1 marked sent");
        // A restart while not authenticated: nothing more can go out while the test looks.
        await host.RestartAsync(AccountStatus.Loading);
        await host.PostJsonAsync("/sendMessage", """{"phone": "17472822486", "body": "Hello world"}""");
        await host.PostJsonAsync("/sendMessage", """{"chatId": "79600005372@c.us", "body": "Hello again"}""");

        var (response, json) = await host.PostJsonAsync("/clearMessagesQueue", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonAssert.HasExactKeys(json, "message", "messageTextsExample");
        Assert.Equal("Cleared 2 messages", answer["message"]!.GetValue<string>());
        Assert.Equal("""["Hello world","Hello again"]""", answer["messageTextsExample"]!.ToJsonString());
        Assert.Equal("""{"totalMessages":0,"first100":[]}""", (await host.QueueAsync()).ToJsonString());
        Assert.Equal(QueueState.Sent, host.Services.GetRequiredService<OutboundQueue>().Find(1)?.State);
        // Numbers are never handed out again.
        var (_, next) = await host.PostJsonAsync("/sendMessage", """{"phone": "17472822486", "body": "After clear"}""");
        Assert.Equal(4, AssertQueuedAnswer(next, ChatId));
    }
}
