using Microsoft.Playwright;
using WaGrpc.Browser;

namespace WaGrpc.Bench;

/// <summary>
/// The alternative the gateway does not implement, measured beside the engine's way on the same
/// pages in the same state: N sessions as N persistent Chromiums (the engine's launch options, a
/// profile each) against one Chromium (the same flags) with a browser context per session. Each
/// page is a different instance's stand-in (<c>/instance&lt;id&gt;/sandbox/web/</c>) with the pinned
/// wa-js and the bridge injected as the engine does, until it shows its QR code (not linked: a
/// context has no persistent profile to link into). One Playwright driver serves both here; the
/// gateway's one driver per instance is measured by <see cref="InstanceGatewayRun"/>.
/// </summary>
public static class SharedBrowserRun
{
    // PlaywrightEngine's binding, which the bridge calls with each batch of events (bridge/core.js).
    private const string Binding = "__wagrpcEmit";

    private const string MarkerVariable = "WAGRPC_BENCH_BROWSERS";

    public static async Task<(IReadOnlyList<BrowserSetupSample> Separate, IReadOnlyList<BrowserSetupSample> Shared)> RunAsync(Scratch scratch, InstancesPlan plan)
    {
        // The stand-in pages come from a gateway whose instances run no browser of their own.
        await using var standIn = await BenchGateway.StartAsync(scratch.NewDir("instances-stand-in"), new IdleEngine(), new Dictionary<string, string?>
        {
            ["WaGrpc:Sandbox"] = "true",
            ["WaGrpc:AdminToken"] = InstanceGatewayRun.AdminToken,
        });
        var pages = new List<Uri> { new(standIn.Http.BaseAddress!, "/sandbox/web/") };
        for (var i = 2; i <= plan.Largest; i++)
        {
            var instance = await BenchInstance.CreateAsync(standIn.Http, InstanceGatewayRun.AdminToken, $"s{i}");
            pages.Add(new Uri(standIn.Http.BaseAddress!, instance.Prefix + "/sandbox/web/"));
        }

        // The driver and every Chromium it starts carry the marker: crash handlers leave the tree but count.
        var marker = Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(MarkerVariable, marker);
        var tree = new ProcessTree(Environment.ProcessId, MarkerVariable, marker);
        using var playwright = await Playwright.CreateAsync();
        var options = new BrowserOptions { LoopbackOnly = true };
        var launch = BrowserLaunch.OptionsFor(options, ChromiumLocator.Find(options.ExecutablePath, options.Headless && options.HeadlessShell), proxy: null);
        string[] scripts = [WaJsBundle.Load(options.WaJsPath).Source, PageScript.Build(options)];

        var separate = new List<BrowserSetupSample>();
        var browsers = new List<IBrowserContext>();
        try
        {
            foreach (var size in plan.Sizes)
            {
                while (browsers.Count < size)
                {
                    var context = await playwright.Chromium.LaunchPersistentContextAsync(scratch.NewDir("instances-profile"), launch);
                    browsers.Add(context);
                    await ShowQrAsync(context, pages[browsers.Count - 1], scripts);
                }

                separate.Add(await MeasureAsync(tree, size, "a Chromium each", plan.Settle));
            }
        }
        finally
        {
            foreach (var context in browsers)
            {
                await context.CloseAsync();
            }
        }

        await WaitForNoChromiumAsync(tree);
        var shared = new List<BrowserSetupSample>();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = launch.ExecutablePath,
            Headless = launch.Headless,
            Args = launch.Args,
        });
        var contexts = new List<IBrowserContext>();
        foreach (var size in plan.Sizes)
        {
            while (contexts.Count < size)
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { UserAgent = launch.UserAgent, ViewportSize = launch.ViewportSize });
                contexts.Add(context);
                await ShowQrAsync(context, pages[contexts.Count - 1], scripts);
            }

            shared.Add(await MeasureAsync(tree, size, "one Chromium, a context each", plan.Settle));
        }

        await browser.CloseAsync();
        await WaitForNoChromiumAsync(tree);
        Environment.SetEnvironmentVariable(MarkerVariable, null);
        return (separate, shared);
    }

    // The engine's way into a page: binding, wa-js, bridge, then the page; done when the bridge reports a QR code.
    private static async Task ShowQrAsync(IBrowserContext context, Uri page, string[] scripts)
    {
        var qr = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await context.ExposeBindingAsync(Binding, (BindingSource _, string batch) =>
        {
            if (batch.Contains("\"kind\":\"qr\"", StringComparison.Ordinal))
            {
                qr.TrySetResult();
            }
        });
        foreach (var script in scripts)
        {
            await context.AddInitScriptAsync(script);
        }

        var tab = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        await tab.GotoAsync(page.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        await qr.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    private static async Task<BrowserSetupSample> MeasureAsync(ProcessTree tree, int size, string how, TimeSpan settle)
    {
        await Task.Delay(settle);
        var samples = new List<SessionMemory>();
        for (var s = 0; s < 3; s++)
        {
            samples.Add(SessionMemory.Read(tree, Environment.ProcessId));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var memory = SessionMemory.Median(samples);
        var sample = new BrowserSetupSample(size, memory.ChromiumMb, memory.ChromiumOwnMb, ChromiumProcesses(tree).Count, memory.OtherChromiums);
        Console.WriteLine($"  {size} session(s), {how}: Chromium {sample.ChromiumMb:0} MB PSS (own {sample.ChromiumOwnMb:0}) in {sample.Processes} processes; {memory.OtherChromiums} other Chromium processes on the machine");
        return sample;
    }

    private static List<int> ChromiumProcesses(ProcessTree tree) =>
        [.. tree.Members().Where(pid => ProcessTree.Describe(pid) is var (exe, commandLine) && SessionMemory.RoleOf(pid, Environment.ProcessId, exe, commandLine) == 2)];

    // Closed browsers' processes (crash handlers last) go before the next setup is measured.
    private static async Task WaitForNoChromiumAsync(ProcessTree tree)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (ChromiumProcesses(tree) is { Count: > 0 } left)
        {
            if (DateTime.UtcNow > deadline)
            {
                Console.WriteLine($"  still running after the browsers closed: {string.Join(", ", left)}");
                return;
            }

            await Task.Delay(200);
        }
    }
}
