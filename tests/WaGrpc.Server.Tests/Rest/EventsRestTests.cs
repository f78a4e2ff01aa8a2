using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>GET /events over REST: newline-delimited JSON.</summary>
public sealed class EventsRestTests
{
    private static MessageFact Incoming(string key, string body) => new(new WaMessage
    {
        Id = $"false_17472822486@c.us_{key}",
        ChatId = "17472822486@c.us",
        Body = body,
        SenderName = "Ilya",
        Author = "17472822486@c.us",
        Time = 1_504_208_593,
    });

    [Fact]
    public async Task Events_AfterCursorZero_StreamsStoredThenLiveEventsAsJsonLines()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.EmitAsync(Incoming("AAAA", "stored"));
        await using var stream = await host.OpenStreamAsync("/events?afterCursor=0");

        var lines = new List<JsonObject> { await stream.NextAsync(), await stream.NextAsync() };
        await host.Engine.EmitAsync(Incoming("BBBB", "live"));
        lines.Add(await stream.NextAsync());

        foreach (var line in lines)
        {
            JsonAssert.Kind(line, "cursor", JsonValueKind.Number);
            JsonAssert.Kind(line, "time", JsonValueKind.Number);
        }

        Assert.Equal([1L, 2L, 3L], lines.Select(l => l["cursor"]!.GetValue<long>()));
        // The first event is the start-up status change (init → loading).
        var status = JsonAssert.HasExactKeys(lines[0], "cursor", "time", "status");
        Assert.Equal("loading", status["status"]!["accountStatus"]!.GetValue<string>());
        foreach (var (line, body, number) in new[] { (lines[1], "stored", 1L), (lines[2], "live", 2L) })
        {
            JsonAssert.HasExactKeys(line, "cursor", "time", "message");
            var message = JsonAssert.HasExactKeys(
                line["message"], "id", "body", "type", "senderName", "fromMe", "author", "time", "chatId", "messageNumber");
            JsonAssert.Kind(message, "time", JsonValueKind.Number);
            JsonAssert.Kind(message, "messageNumber", JsonValueKind.Number);
            Assert.Equal(body, message["body"]!.GetValue<string>());
            Assert.Equal(number, message["messageNumber"]!.GetValue<long>());
        }
    }
}
