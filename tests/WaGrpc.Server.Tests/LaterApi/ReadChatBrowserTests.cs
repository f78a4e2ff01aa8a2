using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>/readChat end to end: through the actions queue and wa-js's markIsRead on the stand-in, the senders' messages are read on the network.</summary>
public sealed class ReadChatBrowserTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadChat_MarksTheContactsMessagesRead_OnTheNetwork(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();
        var (_, first) = await live.Host.PostAsync("/sandbox/api/messages", new { from = "17472822486", body = "are you there?" });
        var (_, other) = await live.Host.PostAsync("/sandbox/api/messages", new { from = "79680561234", body = "unrelated" });
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => ((JsonArray)(await live.GetAsync("/messages"))["messages"]!).Count >= 2, () => "both messages logged", LiveGateway.Patience);

        var (_, answer) = await live.Host.PostAsync("/readChat", new { phone = "17472822486" });
        JsonArray received = [];
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (received = (JsonArray)(await live.GetAsync("/sandbox/api/received"))["messages"]!).Any(m => (bool)m!["read"]!),
            () => "a message read", LiveGateway.Patience);
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (long)(await live.GetAsync("/showActionsQueue"))["totalActions"]! == 0, () => "the action done", LiveGateway.Patience);

        Assert.True((bool)answer!["read"]!);
        Assert.True((bool)received.Single(m => (string)m!["id"]! == (string)first!["id"]!)!["read"]!);
        Assert.False((bool)received.Single(m => (string)m!["id"]! == (string)other!["id"]!)!["read"]!);
    }
}
