using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing.Webhooks;
using static WaGrpc.Testing.Webhooks.WebhookTestKit;

namespace WaGrpc.Server.Tests.Webhooks;

/// <summary>What the gateway posts to a real receiver: the legacy bodies, headers, acks on and off.</summary>
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Webhook_IncomingAndPhoneMessages_PostsExactLegacyBodyWithTheMessagesFields()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(Settings(), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await host.EmitAsync(
            GrpcTestKit.Incoming("DF38E6A25B42CC8CCE57EC40F", "Ok! 🍏"),
            new MessageFact(new WaMessage
            {
                Id = "true_17472822486@c.us_3EB0AAAABBBBCCCCDDDD",
                ChatId = GrpcTestKit.ChatId,
                Body = "https://example.com/photo.jpg",
                Type = "image",
                FromMe = true,
                Author = "79990001122@c.us",
                Time = 1_504_208_598,
                Caption = "A photo",
                ChatName = "Ilya",
                QuotedMsgId = "false_17472822486@c.us_DF38E6A25B42CC8CCE57EC40F",
                Ack = AckLevel.Sent,
            }));
        var post = await receiver.NextAsync();
        var (_, page) = await host.GetJsonAsync("/messages");

        var body = JsonAssert.HasExactKeys(post.Json, "messages", "instanceId");
        JsonAssert.Kind(body, "instanceId", JsonValueKind.String);
        Assert.Equal(InstanceId, body["instanceId"]!.GetValue<string>());
        var messages = body["messages"]!.AsArray();
        Assert.Equal(2, messages.Count);
        Assert.True(JsonNode.DeepEquals(page!["messages"], messages), $"webhook {messages.ToJsonString()} differs from /messages {page!["messages"]!.ToJsonString()}");
        JsonAssert.HasExactKeys(messages[0], "id", "body", "type", "senderName", "fromMe", "author", "time", "chatId", "messageNumber");
        JsonAssert.Kind(messages[0], "time", JsonValueKind.Number);
        JsonAssert.Kind(messages[0], "messageNumber", JsonValueKind.Number);
        JsonAssert.Kind(messages[1], "fromMe", JsonValueKind.True);
        Assert.Equal("Ok! 🍏", messages[0]!["body"]!.GetValue<string>());

        Assert.Equal("POST", post.Method);
        Assert.Equal("/hook", post.PathAndQuery);
        Assert.StartsWith("application/json", post.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal($"{InstanceId}-1", post.Header("X-WaGrpc-Event-Id"));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), post.Header("X-WaGrpc-Timestamp"));
        Assert.Matches(@"^WaGrpc/\d+\.\d+\.\d+$", post.Header("User-Agent"));
        Assert.False(post.Headers.ContainsKey("X-WaGrpc-Signature"), "no secret configured: no signature");
    }

    [Fact]
    public async Task Webhook_MessageSentThroughApi_IsPostedAsOutgoing()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(Settings(), AccountStatus.Authenticated, clock);
        await host.SetWebhookAsync(receiver.Url);

        var sent = await host.SendTextAsync("Hello from the API");
        var post = await receiver.NextAsync();

        var message = Assert.Single(post.Json["messages"]!.AsArray())!;
        Assert.Equal(sent.Id, message["id"]!.GetValue<string>());
        Assert.Equal("Hello from the API", message["body"]!.GetValue<string>());
        JsonAssert.Kind(message, "fromMe", JsonValueKind.True);
    }

    [Fact]
    public async Task Webhook_AckNotificationsOnThenOff_PostsAcksOnlyWhileOn()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(Settings(), AccountStatus.Authenticated, clock);
        await host.SetWebhookAsync(receiver.Url);
        var sent = await host.SendTextAsync("Hello");
        await receiver.NextAsync(); // the outgoing message

        await host.EmitAsync(new AckFact(sent.Id, GrpcTestKit.ChatId, AckLevel.Delivered));
        var ackPost = await receiver.NextAsync();
        var (offResponse, _) = await host.PostJsonAsync("/settings/ackNotificationsOn", """{"ackNotificationsOn": 0}""");
        await host.EmitAsync(new AckFact(sent.Id, GrpcTestKit.ChatId, AckLevel.Viewed));
        await host.EmitAsync(GrpcTestKit.Incoming("AFTERACKOFF01"));
        var next = await receiver.NextAsync();

        var body = JsonAssert.HasExactKeys(ackPost.Json, "ack", "instanceId");
        var ack = JsonAssert.HasExactKeys(Assert.Single(body["ack"]!.AsArray()), "id", "queueNumber", "chatId", "status");
        Assert.Equal(sent.Id, ack["id"]!.GetValue<string>());
        JsonAssert.Kind(ack, "queueNumber", JsonValueKind.Number);
        Assert.Equal(sent.QueueNumber, ack["queueNumber"]!.GetValue<long>());
        Assert.Equal(GrpcTestKit.ChatId, ack["chatId"]!.GetValue<string>());
        Assert.Equal("delivered", ack["status"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.OK, offResponse.StatusCode);
        // Order is kept, so had the "viewed" ack been recorded it would have come first.
        JsonAssert.HasExactKeys(next.Json, "messages", "instanceId");
        Assert.Equal(["false_17472822486@c.us_AFTERACKOFF01"], next.Ids());
        await UntilAsync(async () => (await host.WebhookStatusAsync()).Number("backlog") == 0, "an empty outbox");
    }

    [Fact]
    public async Task Webhook_Off_RecordsNothingAndLaterEventsAreSent()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(Settings(), time: clock);

        await host.EmitAsync(GrpcTestKit.Incoming("WHILEOFF0001"));
        var statusWhileOff = await host.WebhookStatusAsync();
        await host.SetWebhookAsync(receiver.Url);
        await host.EmitAsync(GrpcTestKit.Incoming("WHILEON00001"));
        var post = await receiver.NextAsync();

        Assert.Equal(0, statusWhileOff.Number("backlog"));
        JsonAssert.Kind(statusWhileOff, "set", JsonValueKind.False);
        Assert.Equal(["false_17472822486@c.us_WHILEON00001"], post.Ids());
    }

    [Fact]
    public async Task Webhook_ManyWaitingEvents_AreBatchedUpToBatchSizeInOrder()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(Settings(("BatchSize", "3")), time: clock);
        // Events recorded while the URL points nowhere usable wait; then all of them go out in batches.
        await host.SetWebhookAsync(receiver.Url);
        receiver.StatusFor = n => n == 1 ? 503 : 200;
        await host.EmitAsync(GrpcTestKit.Incoming("BATCH0000001"));
        await UntilAsync(async () => (await host.AttemptsAsync()).Count == 1, "the first (failed) attempt");
        await host.EmitAsync(Enumerable.Range(2, 7).Select(n => (EngineFact)GrpcTestKit.Incoming($"BATCH{n:D7}")).ToArray());

        await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(1), async () => (await host.WebhookStatusAsync()).Number("backlog") == 0, "the backlog to drain");

        var accepted = receiver.Accepted;
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"false_17472822486@c.us_BATCH{n:D7}"), accepted.SelectMany(p => p.Ids()));
        Assert.All(accepted, p => Assert.InRange(p.Ids().Count, 1, 3));
        Assert.Equal([1, 3, 3, 1], accepted.Select(p => p.Ids().Count));
    }
}
