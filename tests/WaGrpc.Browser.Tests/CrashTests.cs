using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Browser.Tests;

/// <summary>
/// Crashes as an operator meets them (issue 10, items 2 and 7): the gateway runs as its own
/// process, the test SIGKILLs its process group and its Chromium's (Playwright gives the browser
/// a session of its own), and starts it again on the same data directory and ports. Sandbox
/// mode, so the simulated network (in the same process, with its own LiteDB file) tells what each
/// recipient got.
/// </summary>
public sealed class CrashTests
{
    // CI runs 1,000; WAGRPC_CRASH_MESSAGES=10000 runs the full count (docs/security.md).
    private static readonly int Messages = int.TryParse(Environment.GetEnvironmentVariable("WAGRPC_CRASH_MESSAGES"), out var n) && n > 0 ? n : 1000;
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigkill_MidBurst_KeepsTheLogin_AndEveryMessageArrivesExactlyOnce()
    {
        await using var gateway = await StartLinkedAsync();
        var ids = await EnqueueAsync(gateway, Messages);

        // Mid-send: some delivered, most still queued.
        await WaitForDeliveredAsync(gateway, Messages / 10, TimeSpan.FromSeconds(120));
        var before = (await gateway.GetAsync("/sandbox/api/messages"))["messages"]!.AsArray().Count;
        await gateway.KillAsync();

        gateway.Restart();
        await gateway.WaitForStatusAsync("authenticated", Start);
        var delivered = await WaitForDeliveredAsync(gateway, Messages, TimeSpan.FromSeconds(120 + (Messages / 10)));
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (int)(await gateway.GetAsync("/showMessagesQueue"))["totalMessages"]! == 0, () => "an empty queue", TimeSpan.FromSeconds(60));

        Assert.True(before < Messages, $"all {Messages} were out before the kill");
        var bodies = delivered.Select(m => (string)m!["body"]!).ToList();
        Assert.Equal(Messages, bodies.Distinct().Count());
        Assert.Equal(Messages, bodies.Count);
        Assert.Equal(ids.Order(), delivered.Select(m => (string)m!["id"]!).Order());
    }

    [Fact]
    public async Task Sigkill_TheMomentItIsAuthenticated_WithTheProfileStorageLost_ComesBackAuthenticated()
    {
        await using var gateway = await StartLinkedAsync();

        // "authenticated" is reported only once the login's copy is committed; kill at once, and
        // take the browser profile's storage with it (the worst a crash can do to it).
        await gateway.KillAsync();
        var profile = Path.Combine(gateway.ProfileDir, "Default");
        foreach (var store in new[] { "IndexedDB", "Local Storage" })
        {
            Directory.Delete(Path.Combine(profile, store), recursive: true);
        }

        gateway.Restart();
        await gateway.WaitForStatusAsync("authenticated", Start);
        var sent = await gateway.PostAsync("/sendMessage", new { phone = "17472822486", body = "after the crash" });
        var delivered = await WaitForDeliveredAsync(gateway, 1, TimeSpan.FromSeconds(60));

        Assert.Equal((string)sent!["id"]!, (string)Assert.Single(delivered)!["id"]!);
        Assert.Contains("putting back the copy", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigkill_OfTheGatewayAlone_TheBrowserItLeftIsEndedBeforeTheNextOneUsesTheProfile()
    {
        await using var gateway = await StartLinkedAsync();
        var left = Assert.Single(ProfileBrowsers.Find(gateway.ProfileDir));

        // The gateway's group dies; its Chromium (in a session of its own) would close once it
        // sees the pipe gone, but a slow one is still there when the gateway is back: frozen here.
        await GatewayProcess.SignalGroupsAsync("-STOP", [left]);
        try
        {
            await gateway.KillAsync(browserToo: false);
            gateway.Restart();
            await gateway.WaitForStatusAsync("authenticated", Start);

            var now = Assert.Single(ProfileBrowsers.Find(gateway.ProfileDir));
            Assert.NotEqual(left, now);
            Assert.Contains($"still used the profile (pid {left})", gateway.Output, StringComparison.Ordinal);
            var sent = await gateway.PostAsync("/sendMessage", new { phone = "17472822486", body = "after the crash" });
            Assert.Equal((string)sent!["id"]!, (string)Assert.Single(await WaitForDeliveredAsync(gateway, 1, TimeSpan.FromSeconds(60)))!["id"]!);
        }
        finally
        {
            if (ProfileBrowsers.Find(gateway.ProfileDir).Contains(left))
            {
                await GatewayProcess.SignalGroupsAsync("-KILL", [left]);
            }
        }
    }

    private static async Task<GatewayProcess> StartLinkedAsync()
    {
        var gateway = GatewayProcess.Start(
            "--WaGrpc:Sandbox=true",
            $"--WaGrpc:Browser:ExecutablePath={BrowserFixture.ExecutablePath}",
            "--WaGrpc:Browser:RestartDelay=00:00:00.200",
            "--WaGrpc:Outbound:SendDelay=00:00:00",
            "--WaGrpc:Outbound:SendJitter=00:00:00",
            "--WaGrpc:Outbound:RetryDelay=00:00:00.200");
        try
        {
            await gateway.WaitForStatusAsync("got qr code", Start);
            using (var settings = await gateway.Rest.PutAsJsonAsync(gateway.Url("/sandbox/api/settings"), new { autoDeliverMs = 50, autoReadMs = -1 }))
            {
                settings.EnsureSuccessStatusCode();
            }

            var qr = (string?)(await gateway.GetAsync("/sandbox/api/state"))["qr"] ?? throw new InvalidOperationException("no QR on the page");
            await gateway.PostAsync("/sandbox/api/link", new { qr });
            await gateway.WaitForStatusAsync("authenticated", Start);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<string>> EnqueueAsync(GatewayProcess gateway, int count)
    {
        var ids = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var answer = await gateway.PostAsync("/sendMessage", new { phone = "17472822486", body = $"burst {i}" });
            ids[i] = (string)answer!["id"]!;
        });
        return [.. ids];
    }

    private static async Task<JsonArray> WaitForDeliveredAsync(GatewayProcess gateway, int count, TimeSpan timeout)
    {
        JsonArray delivered = [];
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () =>
            {
                try
                {
                    delivered = (JsonArray)(await gateway.GetAsync("/sandbox/api/messages"))["messages"]!;
                }
                catch (HttpRequestException)
                {
                    // Restarting.
                }

                return delivered.Count >= count;
            },
            () => $"{count} delivered (have {delivered.Count}); the gateway said:\n{gateway.Tail()}",
            timeout,
            TimeSpan.FromMilliseconds(500));
        return delivered;
    }
}
