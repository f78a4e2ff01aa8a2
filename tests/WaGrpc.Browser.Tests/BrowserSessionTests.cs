using System.Diagnostics;
using System.Net.Http.Json;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Testing;

namespace WaGrpc.Browser.Tests;

/// <summary>
/// The browser session's life end to end (real Chromium on the sandbox stand-in): login by QR,
/// QR refresh, staying logged in across restarts, logout from the phone and the API, crash recovery.
/// </summary>
public sealed class BrowserSessionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Login_StatusGoesInitLoadingQr_QrFromPngLinks_ThenAuthenticated(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);

        var qr = await live.LinkAsync();
        var statuses = (await live.EventsUntilAsync(e => e.Status?.AccountStatus == "authenticated", EventKind.Status))
            .Select(e => e.Status.AccountStatus).ToList();

        // wa-js's QR text: ref, noise key, identity key, ADV secret (phones accept it without the platform).
        Assert.StartsWith("2@", qr, StringComparison.Ordinal);
        Assert.Equal(4, qr.Split(',').Length);
        Assert.True((bool)(await live.GetAsync("/sandbox/api/state"))["linked"]!);
        // The gateway starts in init (not logged: nothing changed yet); then the page loads, shows a QR, links.
        var loading = statuses.IndexOf("loading");
        var gotQr = statuses.IndexOf("got qr code", Math.Max(loading, 0));
        Assert.True(loading >= 0 && gotQr > loading && statuses[^1] == "authenticated", string.Join(" → ", statuses));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Qr_FollowsEveryRefAndIsRefreshedAfterTheRefsRunOut(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.WaitForStatusAsync("got qr code");
        await live.Host.Rest.PutAsJsonAsync(live.Host.Url("/sandbox/api/settings"), new { qrFirstMs = 4000, qrNextMs = 4000, qrRefs = 2 });
        await live.Host.PostAsync("/reboot", new { });

        // Every QR the page shows, /qr_code shows too: two refs, then (idle → refreshQR) a new series.
        var seen = new List<string>();
        while (seen.Count < 3)
        {
            var shown = "";
            await TaskTimeoutExtensions.WaitUntilAsync(
                async () =>
                {
                    // The page shows five fields (… ,platform); the gateway wa-js's first four.
                    shown = (string?)(await live.GetAsync("/sandbox/api/state"))["qr"] ?? "";
                    return shown.Length > 0 && !seen.Contains(shown) && shown.StartsWith(await live.DecodedQrAsync() + ",", StringComparison.Ordinal);
                },
                () => $"QR number {seen.Count + 1} on /qr_code",
                LiveGateway.Patience);
            seen.Add(shown);
        }

        Assert.Equal(3, seen.Distinct().Count());
        Assert.Equal("got qr code", await live.StatusAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_OfTheGateway_StaysLoggedIn(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(LiveGateway.FixedRestPort(), lidAddressing);
        await live.LinkAsync();

        await live.Host.RestartAsync();
        await live.WaitForStatusAsync("authenticated");

        var (_, sent) = await live.Host.PostAsync("/sendMessage", new { phone = "17472822486", body = "after the restart" });
        var delivered = await live.WaitForDeliveredAsync(1);
        Assert.Equal((string)sent!["id"]!, (string)delivered[0]!["id"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unlink_FromThePhone_GivesANewQr(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        var first = await live.LinkAsync();

        await live.Host.PostAsync("/sandbox/api/unlink", new { });
        await live.WaitForStatusAsync("got qr code");

        var next = await live.DecodedQrAsync();
        Assert.NotEqual(first, next);
        Assert.False((bool)(await live.GetAsync("/sandbox/api/state"))["linked"]!);
        await live.LinkAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Logout_ThroughTheApi_UnlinksAndGivesANewQr(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        var first = await live.LinkAsync();

        var (response, _) = await live.Host.PostAsync("/logout", new { });
        await live.WaitForStatusAsync("got qr code");

        Assert.True(response.IsSuccessStatusCode);
        Assert.False((bool)(await live.GetAsync("/sandbox/api/state"))["linked"]!);
        Assert.NotEqual(first, await live.DecodedQrAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KilledChromium_IsRestarted_AndTheQueueResumes(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();
        var pid = live.Engine.BrowserProcessId ?? throw new InvalidOperationException("no browser process found");

        using (var chromium = Process.GetProcessById(pid))
        {
            chromium.Kill(entireProcessTree: true);
            await chromium.WaitForExitAsync().DefaultTimeout();
        }

        // Queued while the browser is down; sent once the new browser is logged in again.
        var (_, sent) = await live.Host.PostAsync("/sendMessage", new { phone = "17472822486", body = "sent after the crash" });
        await TaskTimeoutExtensions.WaitUntilAsync(() => Task.FromResult(live.Engine.BrowserProcessId is { } next && next != pid), () => "a new browser", LiveGateway.Patience);
        await live.WaitForStatusAsync("authenticated");
        var delivered = await live.WaitForDeliveredAsync(1);
        await TaskTimeoutExtensions.WaitUntilAsync(async () => (int)(await live.GetAsync("/showMessagesQueue"))["totalMessages"]! == 0, () => "an empty queue");

        Assert.Equal((string)sent!["id"]!, (string)Assert.Single(delivered)!["id"]!);
        var restarted = false;
        var statuses = (await live.EventsUntilAsync(e => (restarted |= e.Status.AccountStatus == "init") && e.Status.AccountStatus == "authenticated", EventKind.Status))
            .Select(e => e.Status.AccountStatus).ToList();
        var crash = statuses.IndexOf("init");
        Assert.True(crash > 0 && statuses[crash - 1] == "authenticated" && statuses[^1] == "authenticated", string.Join(" → ", statuses));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Conflict_WhatsAppOpenedElsewhere_IsTakenBack(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();

        var (response, answer) = await live.Host.PostAsync("/sandbox/api/conflict", new { });
        var logins = 0;
        var statuses = (await live.EventsUntilAsync(e => e.Status.AccountStatus == "authenticated" && ++logins == 2, EventKind.Status))
            .Select(e => e.Status.AccountStatus).ToList();
        var (_, sent) = await live.Host.PostAsync("/sendMessage", new { phone = "17472822486", body = "still mine" });
        var delivered = await live.WaitForDeliveredAsync(1);

        Assert.True(response.IsSuccessStatusCode);
        Assert.True((bool)answer!["conflict"]!);
        Assert.Equal(["authenticated", "loading", "authenticated"], statuses.Skip(statuses.IndexOf("authenticated")).ToArray());
        Assert.Equal((string)sent!["id"]!, (string)Assert.Single(delivered)!["id"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SameKey_SentTwice_ArrivesOnce_AndIsFoundAfterAReboot(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();
        var keyId = WaGrpc.Core.Messaging.MessageIds.NewKeyId();
        var message = new WaGrpc.Core.Engine.OutboundMessage(7, "17472822486@c.us", keyId, "only once");

        await live.Engine.SendAsync(message, CancellationToken.None);
        await live.Engine.SendAsync(message, CancellationToken.None);
        await live.Host.PostAsync("/reboot", new { });
        var rebooted = false;
        await live.EventsUntilAsync(e => (rebooted |= e.Status.AccountStatus == "init") && e.Status.AccountStatus == "authenticated", EventKind.Status);
        var found = await live.Engine.WasSentAsync("17472822486@c.us", keyId, CancellationToken.None);
        var other = await live.Engine.WasSentAsync("17472822486@c.us", WaGrpc.Core.Messaging.MessageIds.NewKeyId(), CancellationToken.None);

        Assert.True(found);
        Assert.False(other);
        Assert.Equal("true_17472822486@c.us_" + keyId, (string)Assert.Single(await live.DeliveredAsync())!["id"]!);
    }

    [Fact]
    public async Task NoChromium_ReportsInitWithWhatToInstall()
    {
        await using var live = await LiveGateway.StartAsync(new() { ["WaGrpc:Browser:ExecutablePath"] = "/nonexistent/chromium" });

        var message = "";
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (message = (await live.GetAsync("/status"))["statusData"]?["msg"]?.ToString() ?? "").Contains("/nonexistent/chromium", StringComparison.Ordinal),
            () => $"a status naming the missing browser (have '{message}')");

        Assert.Equal("init", await live.StatusAsync());
    }

    [Fact]
    public async Task PageWithoutWhatsAppWeb_WaJsNeverReady_IsNamedInTheStatus()
    {
        // A page with no WhatsApp Web modules at all: wa-js is injected but can never become ready.
        const string page = "<!doctype html><title>not WhatsApp</title>";
        await using var server = await FileServer.StartAsync(new Dictionary<string, (string, byte[])> { ["/"] = ("text/html", System.Text.Encoding.UTF8.GetBytes(page)) });
        await using var live = await LiveGateway.StartAsync(new()
        {
            ["WaGrpc:Browser:WhatsAppWebUrl"] = server.BaseUri.ToString(),
            ["WaGrpc:Browser:ReadyTimeout"] = "00:00:03",
        });

        var message = "";
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (message = (await live.GetAsync("/status"))["statusData"]?["msg"]?.ToString() ?? "").Contains("did not become ready", StringComparison.Ordinal),
            () => $"a status saying wa-js did not become ready (have '{message}')",
            LiveGateway.Patience);

        Assert.Contains("wa-js 4.6.0", message, StringComparison.Ordinal);
        Assert.Equal("loading", await live.StatusAsync());
    }
}
