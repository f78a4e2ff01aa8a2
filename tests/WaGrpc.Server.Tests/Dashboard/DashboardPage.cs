using System.Collections.Concurrent;
using Microsoft.Playwright;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Dashboard;

/// <summary>
/// The operator dashboard (/dashboard) open in real Chromium, in a context of its own: what it
/// shows, found by the ids and data attributes the page sets. Confirmation dialogs are accepted;
/// every request the page makes is recorded.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    /// <summary>How long an expectation waits (the lists refresh every 5 s, a session links in seconds).</summary>
    public const float Patience = 60_000;

    private DashboardPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The URL of every request the page made, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Opens /dashboard plus <paramref name="query"/> on the gateway's REST endpoint.</summary>
    public static async Task<DashboardPage> OpenAsync(BrowserFixture browser, GatewayHost host, string query = "")
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await context.NewPageAsync();
        var dashboard = new DashboardPage(context, page);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        page.Request += (_, request) => dashboard.Requests.Enqueue(request.Url);
        await page.GotoAsync(new Uri(host.RestUri, "/dashboard" + query).ToString());
        return dashboard;
    }

    public ILocator AccountStatus => Page.Locator("#account-status");

    public ILocator Qr => Page.Locator("#qr");

    public ILocator QueueItems => Page.Locator("#queue-list li[data-queue-number]");

    public ILocator DeadLetters => Page.Locator("#dead-list li[data-dead-letter]");

    /// <summary>The live events of a kind (received, sent, ack, status) whose line holds <paramref name="text"/>.</summary>
    public ILocator Events(string kind, string text) => Page.Locator($"#event-list li[data-kind='{kind}']", new() { HasText = text });

    public Task ExpectStatusAsync(string status) =>
        Assertions.Expect(AccountStatus).ToHaveTextAsync(status, new() { Timeout = Patience });

    public Task ExpectVisibleAsync(ILocator locator) =>
        Assertions.Expect(locator).ToBeVisibleAsync(new() { Timeout = Patience });

    public Task ExpectCountAsync(ILocator locator, int count) =>
        Assertions.Expect(locator).ToHaveCountAsync(count, new() { Timeout = Patience });

    public Task ClickAsync(string selector) => Page.Locator(selector).ClickAsync(new() { Timeout = Patience });

    /// <summary>What the page keeps in sessionStorage as the token ("" when none).</summary>
    public async Task<string> StoredTokenAsync() =>
        await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('wagrpc.dashboard.token')") ?? "";

    /// <summary>Waits until the QR image has loaded, then photographs it, as a phone's camera would.</summary>
    public async Task<byte[]> PhotographQrAsync()
    {
        await Page.WaitForFunctionAsync("() => document.getElementById('qr').naturalWidth > 0", null, new() { Timeout = Patience });
        return await Qr.ScreenshotAsync();
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
