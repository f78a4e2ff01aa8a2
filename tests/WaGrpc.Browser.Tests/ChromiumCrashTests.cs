using System.Diagnostics;
using System.Net.Http.Json;
using WaGrpc.Testing;

namespace WaGrpc.Browser.Tests;

/// <summary>
/// Chromium killed in the middle of a send burst (issue 10, item 7): the session is back within
/// 10 s and the queue finishes, each message once. It runs alone (<see cref="TimedAlone"/>): the
/// 10 s are the gateway's, not those of four other browsers starting beside it (4-5 s here, also
/// with two CPU burners; about 15 s among the parallel browser tests).
/// </summary>
[Collection(TimedAlone.Name)]
public sealed class ChromiumCrashTests
{
    private const int Messages = 300;

    [Fact]
    public async Task ChromiumKilledMidBurst_IsBackWithin10Seconds_AndEveryMessageArrivesOnce()
    {
        await using var live = await LiveGateway.StartAsync();
        await live.LinkAsync();
        var ids = new string[Messages];
        await Parallel.ForAsync(0, Messages, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await live.Host.Rest.PostAsJsonAsync(live.Host.Url("/sendMessage"), new { phone = "17472822486", body = $"burst {i}" }, ct);
            ids[i] = (string)(await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(ct))!["id"]!;
        });
        await live.WaitForDeliveredAsync(Messages / 10);
        var pid = live.Engine.BrowserProcessId ?? throw new InvalidOperationException("no browser process found");

        var clock = Stopwatch.StartNew();
        using (var chromium = Process.GetProcessById(pid))
        {
            chromium.Kill(entireProcessTree: true);
            await chromium.WaitForExitAsync().DefaultTimeout();
        }

        await TaskTimeoutExtensions.WaitUntilAsync(() => Task.FromResult(live.Engine.BrowserProcessId is { } next && next != pid), () => "a new browser", LiveGateway.Patience);
        await live.WaitForStatusAsync("authenticated");
        var back = clock.Elapsed;
        var delivered = await live.WaitForDeliveredAsync(Messages);
        await TaskTimeoutExtensions.WaitUntilAsync(async () => (int)(await live.GetAsync("/showMessagesQueue"))["totalMessages"]! == 0, () => "an empty queue", LiveGateway.Patience);

        Assert.True(back < TimeSpan.FromSeconds(10), $"authenticated again {back.TotalSeconds:F1} s after the kill");
        Assert.Equal(Messages, delivered.Count);
        Assert.Equal(ids.Order(), delivered.Select(m => (string)m!["id"]!).Order());
    }
}
