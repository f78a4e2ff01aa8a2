using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>/retry on the sandbox: the session reconnects (a new page) and comes back logged in; /status takes the legacy full and no_wakeup flags.</summary>
public sealed class RetryBrowserTests
{
    [Fact]
    public async Task Retry_ReconnectsTheSession_WhichComesBackAuthenticated()
    {
        await using var live = await LiveGateway.StartAsync();
        await live.LinkAsync();
        var before = await HistoryAsync(live);

        var (_, answer) = await live.Host.PostAsync("/retry", new { });
        string[] after = [];
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (after = await HistoryAsync(live)).Length > before.Length && after[^1] == "authenticated",
            () => "loading, then authenticated again, after the retry: " + string.Join(", ", after),
            LiveGateway.Patience);
        var full = await live.GetAsync("/status?full=1&no_wakeup=true&instanceId=1");

        Assert.Equal("""{"accountStatus":"Retry request sent to WhatsApp"}""", answer!.ToJsonString());
        Assert.Equal("authenticated", before[^1]);
        Assert.Contains("loading", after[before.Length..]);
        Assert.Equal("authenticated", (string)full["accountStatus"]!);
    }

    private static async Task<string[]> HistoryAsync(LiveGateway live) =>
        [.. ((JsonArray)(await live.GetAsync("/instanceStatuses"))["data"]!).Select(d => (string)d!["status"]!)];
}
