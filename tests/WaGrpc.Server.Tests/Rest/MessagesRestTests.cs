using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Core.Engine;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>GET /messages over REST: the legacy message shape and the query parameters.</summary>
public sealed class MessagesRestTests
{
    private const string Alice = "17472822486@c.us";
    private const string Bob = "79680565372@c.us";
    private const long BaseTime = 1_504_208_593;

    private static MessageFact Incoming(int n, string chatId = Alice, long? time = null) => new(new WaMessage
    {
        Id = $"false_{chatId}_DF38E6A25B42CC8CCE57EC{n:D4}",
        ChatId = chatId,
        Body = $"message {n}",
        SenderName = "Ilya",
        Author = chatId,
        Time = time ?? BaseTime + n,
    });

    private static async Task EmitManyAsync(GatewayHost host, int count) =>
        await host.Engine.EmitAsync(Enumerable.Range(1, count).Select(n => (EngineFact)Incoming(n)).ToArray());

    private static async Task<(JsonArray Messages, long LastMessageNumber)> GetMessagesAsync(GatewayHost host, string pathAndQuery)
    {
        var (response, json) = await host.GetJsonAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = JsonAssert.HasExactKeys(json, "messages", "lastMessageNumber");
        JsonAssert.Kind(page, "lastMessageNumber", JsonValueKind.Number);
        return (page["messages"]!.AsArray(), page["lastMessageNumber"]!.GetValue<long>());
    }

    private static long[] Numbers(JsonArray messages) => messages.Select(m => m!["messageNumber"]!.GetValue<long>()).ToArray();

    [Fact]
    public async Task Messages_IncomingAndOutgoing_AnswerExactLegacyShape()
    {
        await using var host = await GatewayHost.StartAsync();
        const string outgoingId = "true_17472822486@c.us_3EB0AAAABBBBCCCCDDDD";
        await host.Engine.EmitAsync(
            new MessageFact(new WaMessage
            {
                Id = "false_17472822486@c.us_DF38E6A25B42CC8CCE57EC40F",
                ChatId = Alice,
                Body = "Ok!",
                Type = "chat",
                SenderName = "Ilya",
                FromMe = false,
                Author = Alice,
                Time = BaseTime,
            }),
            new MessageFact(new WaMessage
            {
                Id = outgoingId,
                ChatId = Alice,
                Body = "https://example.com/photo.jpg",
                Type = "image",
                FromMe = true,
                Author = "79990001122@c.us",
                Time = BaseTime + 5,
                Caption = "A photo",
                ChatName = "Ilya",
                QuotedMsgId = "false_17472822486@c.us_DF38E6A25B42CC8CCE57EC40F",
                Ack = AckLevel.Pending,
            }));
        await host.Engine.EmitAsync(new AckFact(outgoingId, Alice, AckLevel.Delivered));

        var (messages, last) = await GetMessagesAsync(host, "/messages");

        Assert.Equal(2, messages.Count);
        Assert.Equal(2, last);
        var incoming = JsonAssert.HasExactKeys(messages[0], "id", "body", "type", "senderName", "fromMe", "author", "time", "chatId", "messageNumber");
        JsonAssert.Kind(incoming, "time", JsonValueKind.Number);
        JsonAssert.Kind(incoming, "messageNumber", JsonValueKind.Number);
        JsonAssert.Kind(incoming, "fromMe", JsonValueKind.False);
        Assert.Equal(
            """{"id":"false_17472822486@c.us_DF38E6A25B42CC8CCE57EC40F","body":"Ok!","type":"chat","senderName":"Ilya","fromMe":false,"author":"17472822486@c.us","time":1504208593,"chatId":"17472822486@c.us","messageNumber":1}""",
            Canonical(incoming));
        var outgoing = JsonAssert.HasExactKeys(
            messages[1], "id", "body", "type", "senderName", "fromMe", "author", "time", "chatId", "messageNumber", "caption", "chatName", "quotedMsgId", "quotedMsgBody", "ack");
        JsonAssert.Kind(outgoing, "time", JsonValueKind.Number);
        JsonAssert.Kind(outgoing, "messageNumber", JsonValueKind.Number);
        JsonAssert.Kind(outgoing, "fromMe", JsonValueKind.True);
        Assert.Equal(outgoingId, outgoing["id"]!.GetValue<string>());
        Assert.Equal("image", outgoing["type"]!.GetValue<string>());
        Assert.Equal(BaseTime + 5, outgoing["time"]!.GetValue<long>());
        Assert.Equal(2, outgoing["messageNumber"]!.GetValue<long>());
        Assert.Equal("A photo", outgoing["caption"]!.GetValue<string>());
        Assert.Equal("Ilya", outgoing["chatName"]!.GetValue<string>());
        Assert.Equal("false_17472822486@c.us_DF38E6A25B42CC8CCE57EC40F", outgoing["quotedMsgId"]!.GetValue<string>());
        Assert.Equal("Ok!", outgoing["quotedMsgBody"]!.GetValue<string>());
        Assert.Equal("delivered", outgoing["ack"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_AfterSendThroughGateway_ListsOutgoingMessageUnderAnsweredId()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        var (_, answer) = await host.PostJsonAsync("/sendMessage", """{"phone": "17472822486", "body": "Hello"}""");
        var id = answer!["id"]!.GetValue<string>();
        var sent = await host.Engine.NextSendAsync();
        var queue = host.Services.GetRequiredService<OutboundQueue>();
        await TaskTimeoutExtensions.WaitUntilAsync(() => queue.Find(sent.QueueNumber)?.State == QueueState.Sent, "the send recorded");

        var (messages, last) = await GetMessagesAsync(host, "/messages");
        await host.Engine.EmitAsync(new AckFact(id, Alice, AckLevel.Sent));
        var (acked, _) = await GetMessagesAsync(host, "/messages");

        Assert.Equal(1, last);
        var message = JsonAssert.HasExactKeys(
            Assert.Single(messages), "id", "body", "type", "senderName", "fromMe", "author", "time", "chatId", "messageNumber");
        Assert.Equal(id, message["id"]!.GetValue<string>());
        Assert.Equal("Hello", message["body"]!.GetValue<string>());
        Assert.Equal("chat", message["type"]!.GetValue<string>());
        JsonAssert.Kind(message, "fromMe", JsonValueKind.True);
        JsonAssert.Kind(message, "time", JsonValueKind.Number);
        Assert.InRange(message["time"]!.GetValue<long>(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(Alice, message["chatId"]!.GetValue<string>());
        Assert.Equal(1, message["messageNumber"]!.GetValue<long>());
        Assert.Equal("sent", Assert.Single(acked)!["ack"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_LastMessageNumber_AnswersOnlyNewerAndTheNextCursor()
    {
        await using var host = await GatewayHost.StartAsync();
        await EmitManyAsync(host, 3);

        var (newer, last) = await GetMessagesAsync(host, "/messages?lastMessageNumber=1");
        var (none, lastAgain) = await GetMessagesAsync(host, "/messages?lastMessageNumber=3");

        Assert.Equal([2, 3], Numbers(newer));
        Assert.Equal(3, last);
        Assert.Empty(none);
        Assert.Equal(3, lastAgain);
    }

    [Fact]
    public async Task Messages_Limit_Defaults100AndZeroMeansAll()
    {
        await using var host = await GatewayHost.StartAsync();
        await EmitManyAsync(host, 105);

        var (byDefault, lastByDefault) = await GetMessagesAsync(host, "/messages");
        var (all, lastOfAll) = await GetMessagesAsync(host, "/messages?limit=0");
        var (two, lastOfTwo) = await GetMessagesAsync(host, "/messages?limit=2&lastMessageNumber=10");

        Assert.Equal(Enumerable.Range(1, 100).Select(n => (long)n), Numbers(byDefault));
        Assert.Equal(100, lastByDefault);
        Assert.Equal(105, all.Count);
        Assert.Equal(105, lastOfAll);
        Assert.Equal([11, 12], Numbers(two));
        Assert.Equal(12, lastOfTwo);
    }

    [Theory]
    [InlineData("last=1")]
    [InlineData("last=true")]
    [InlineData("last")]
    public async Task Messages_Last_AnswersLast100AndIgnoresCursor(string lastParameter)
    {
        await using var host = await GatewayHost.StartAsync();
        await EmitManyAsync(host, 105);

        var (messages, last) = await GetMessagesAsync(host, $"/messages?{lastParameter}&lastMessageNumber=104");

        Assert.Equal(Enumerable.Range(6, 100).Select(n => (long)n), Numbers(messages));
        Assert.Equal(105, last);
    }

    [Fact]
    public async Task Messages_ChatIdAndTimeRange_Filter()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.EmitAsync(
            Incoming(1, Alice, 1000),
            Incoming(2, Bob, 2000),
            Incoming(3, Alice, 3000),
            Incoming(4, Alice, 4000),
            Incoming(5, Bob, 5000));

        var (ofBob, lastOfBob) = await GetMessagesAsync(host, "/messages?chatId=79680565372@c.us");
        var (inRange, _) = await GetMessagesAsync(host, "/messages?min_time=2000&max_time=4000");
        var (aliceAfter, _) = await GetMessagesAsync(host, "/messages?chatId=17472822486%40c.us&min_time=2500");

        Assert.Equal([2, 5], Numbers(ofBob));
        Assert.All(ofBob, m => Assert.Equal(Bob, m!["chatId"]!.GetValue<string>()));
        Assert.Equal(5, lastOfBob);
        Assert.Equal([2, 3, 4], Numbers(inRange));
        Assert.Equal([3, 4], Numbers(aliceAfter));
    }

    private static string Canonical(JsonObject obj) =>
        new JsonObject(new[] { "id", "body", "type", "senderName", "fromMe", "author", "time", "chatId", "messageNumber" }
            .Select(k => KeyValuePair.Create(k, obj[k]?.DeepClone()))).ToJsonString();
}
