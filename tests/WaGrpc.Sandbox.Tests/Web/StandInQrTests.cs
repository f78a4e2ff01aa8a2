using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using WaGrpc.Testing;

namespace WaGrpc.Sandbox.Tests.Web;

/// <summary>
/// The stand-in page's QR codes and linking, in real Chromium with the unmodified wa-js on it:
/// refs drawn and rotated (on a fake clock), stale refs refused, the canvas decodable.
/// </summary>
public sealed class StandInQrTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Qr_IsDrawnInsideDataRefAndRotatesThenGoesIdleUntilRefreshed()
    {
        // The network's QR lifetimes run on a fake clock: each ref expires when the test says so.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxPage.OpenAsync(browser, new { qrFirstMs = 700, qrNextMs = 400, qrRefs = 3 }, clock);

        await sandbox.WaitForAsync("() => window.__rec.refs.length === 1");
        clock.Advance(TimeSpan.FromMilliseconds(700));
        await sandbox.WaitForAsync("() => window.__rec.refs.length === 2");
        clock.Advance(TimeSpan.FromMilliseconds(400));
        await sandbox.WaitForAsync("() => window.__rec.refs.length === 3");
        clock.Advance(TimeSpan.FromMilliseconds(400));
        await sandbox.WaitForStateAsync("UNPAIRED_IDLE");
        var refs = await sandbox.EvalAsync<string[]>("() => window.__rec.refs");
        // The refreshed series lives long, so that what the page shows next cannot rotate under a slow test.
        (await sandbox.Host.Rest.PutAsJsonAsync(sandbox.Host.Url("/sandbox/api/settings"), new { qrFirstMs = 60_000 })).EnsureSuccessStatusCode();
        var refreshed = await sandbox.EvalJsonAsync("async () => (await WPP.conn.refreshQR()).ref");
        await sandbox.WaitForStateAsync("UNPAIRED");
        var shown = (JsonObject)await sandbox.EvalJsonAsync("""
            () => {
              const div = document.querySelector('div[data-ref]');
              return { ref: div?.getAttribute('data-ref'), canvas: !!div?.querySelector('canvas'), conn: WPP.whatsapp.Conn.ref };
            }
            """);

        Assert.True((bool)shown["canvas"]!);
        Assert.Equal((string?)shown["conn"], (string?)shown["ref"]);
        Assert.StartsWith("2@", (string)shown["ref"]!, StringComparison.Ordinal);
        Assert.Equal((string?)refreshed, (string?)shown["ref"]);
        Assert.Equal(3, refs.Length);
        Assert.Equal(3, refs.Distinct().Count());
        Assert.DoesNotContain((string)refreshed!, refs);
    }

    [Fact]
    public async Task Link_WithQrTextFromPhoneApi_ConnectsSyncsAndKnowsMe()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);

        await sandbox.LinkAsync();
        var me = await sandbox.EvalAsync<string>("() => WPP.conn.getMyUserId()._serialized");
        var lid = await sandbox.EvalAsync<string>("() => WPP.conn.getMyUserLid()._serialized");
        var state = await sandbox.ApiGetAsync("/sandbox/api/state");
        var states = await sandbox.EvalAsync<string[]>("() => window.__rec.states");

        Assert.Equal("15550000001@c.us", me);
        Assert.EndsWith("@lid", lid, StringComparison.Ordinal);
        Assert.True((bool)state["linked"]!);
        Assert.Null(state["qr"]);
        // The recorder may start before or after the first QR arrived: OPENING is seen or not.
        Assert.Contains(states[0], new[] { "OPENING", "UNPAIRED" });
        Assert.InRange(Array.IndexOf(states, "UNPAIRED"), 0, states.Length - 2);
        Assert.Equal("CONNECTED", states[^1]);
        var synced = await sandbox.EvalAsync<bool[]>("() => window.__rec.synced");
        Assert.Equal(new[] { true }, synced);
    }

    [Fact]
    public async Task Link_StaleOrUnknownQr_Answers400AndDoesNotLink()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxPage.OpenAsync(browser, new { qrFirstMs = 400, qrNextMs = 300, qrRefs = 5 }, clock);
        await sandbox.WaitForStateAsync("UNPAIRED");
        var first = (string)(await sandbox.ApiGetAsync("/sandbox/api/state"))["qr"]!;
        clock.Advance(TimeSpan.FromMilliseconds(400));
        await TaskTimeoutExtensions.WaitUntilAsync(async () => (string?)(await sandbox.ApiGetAsync("/sandbox/api/state"))["qr"] != first, () => "the QR to rotate");

        var (staleStatus, stale) = await sandbox.ApiPostAsync("/sandbox/api/link", new { qr = first });
        var (unknownStatus, unknown) = await sandbox.ApiPostAsync("/sandbox/api/link", new { qr = "2@nope,a,b,c,WEB" });
        var state = await sandbox.ApiGetAsync("/sandbox/api/state");

        Assert.Equal(400, staleStatus);
        Assert.Contains("stale", JsonAssert.IsLegacyError(stale), StringComparison.Ordinal);
        Assert.Equal(400, unknownStatus);
        Assert.Contains("Unknown", JsonAssert.IsLegacyError(unknown), StringComparison.Ordinal);
        Assert.False((bool)state["linked"]!);
    }

    [Fact]
    public async Task Qr_DecodedFromTheCanvasScreenshot_LinksTheDevice()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.WaitForStateAsync("UNPAIRED");

        var png = await sandbox.Page.Locator("div[data-ref] canvas").ScreenshotAsync();
        var decoded = QrDecoder.Decode(png);
        var (status, _) = await sandbox.ApiPostAsync("/sandbox/api/link", new { qr = decoded });
        await sandbox.WaitForStateAsync("CONNECTED");

        Assert.Equal(200, status);
        Assert.Equal(5, decoded.Split(',').Length);
    }
}
