using Microsoft.Playwright;
using WaGrpc.Browser;
using WaGrpc.Testing;

namespace WaGrpc.Sandbox.Tests.Web;

/// <summary>
/// wa-js reports every page it runs on to Google Analytics unless told not to (window.WPPConfig):
/// the engine's pages tell it, so a gateway's session reports to no one. Both pages run the same
/// pinned bundle on the stand-in; Google Analytics' address is routed to the test, never fetched.
/// </summary>
public sealed class WaJsAnalyticsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Collect = "https://analytics.google.com/**";

    [Fact]
    public async Task EnginePage_SendsNothingToGoogleAnalytics_WhereBareWaJsDoes()
    {
        await using var host = await GatewayHost.StartAsync(new() { ["WaGrpc:Sandbox"] = "true" });
        var url = new Uri(host.RestUri, "/sandbox/web/").ToString();
        var bundle = WaJsBundle.Load(null);

        // The engine's way first: its page has the longer time to report, had it anything to report.
        await using var engine = await OpenAsync(url, bundle.InitScript());
        await using var bare = await OpenAsync(url, bundle.Source);
        // wa-js batches its reports for a second after it loaded: the bare page's first one shows
        // that time has passed for the engine's page too (it loaded before).
        var bareReport = await bare.FirstReport.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("https://analytics.google.com/g/collect?", bareReport, StringComparison.Ordinal);
        Assert.Contains("tid=G-", bareReport, StringComparison.Ordinal);
        Assert.Empty(engine.Reports);
        Assert.True(await engine.Page.EvaluateAsync<bool>("() => WPP.config.disableGoogleAnalytics === true"));
        Assert.False(await engine.Page.EvaluateAsync<bool>("() => 'cid' in localStorage"));
    }

    private async Task<AnalyticsPage> OpenAsync(string url, string waJs)
    {
        var context = await browser.Browser.NewContextAsync();
        var page = new AnalyticsPage(context);
        await context.RouteAsync(Collect, async route =>
        {
            page.Record(route.Request.Url);
            await route.AbortAsync();
        });
        await context.AddInitScriptAsync(waJs);
        page.Page = await context.NewPageAsync();
        await page.Page.GotoAsync(url);
        await page.Page.WaitForFunctionAsync("() => window.WPP && window.WPP.isFullReady", null, new() { Timeout = 30_000, PollingInterval = 25 });
        return page;
    }

    private sealed class AnalyticsPage(IBrowserContext context) : IAsyncDisposable
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Reports { get; } = new();

        public TaskCompletionSource<string> FirstReport { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IPage Page { get; set; } = null!;

        public void Record(string url)
        {
            Reports.Enqueue(url);
            FirstReport.TrySetResult(url);
        }

        public ValueTask DisposeAsync() => context.DisposeAsync();
    }
}
