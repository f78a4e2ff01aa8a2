using Microsoft.Playwright;

namespace WaGrpc.Browser;

/// <summary>
/// The Playwright driver (node) of the first browser session, started when the gateway process
/// starts rather than when its session starts: node spends about a CPU second loading Playwright's
/// bundles, which then runs beside the host's own start (building the container, mapping the
/// endpoints) on another core instead of after it (bench/changes.md, cold start).
/// </summary>
public static class PlaywrightDriver
{
    private static Task<IPlaywright>? _early;

    /// <summary>
    /// Starts a driver for the first session to take (the gateway's entry point calls this first);
    /// a second call does nothing. A driver nobody takes ends with the process (its stdin closes).
    /// </summary>
    public static void StartEarly()
    {
        if (Volatile.Read(ref _early) is not null)
        {
            return;
        }

        DriverEnvironment.Apply();
        var started = Task.Run(Playwright.CreateAsync);
        if (Interlocked.CompareExchange(ref _early, started, null) is not null)
        {
            // Another call won the race: its driver is the one kept.
            _ = started.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    /// <summary>The early driver, once (a failed start fails this one session start, as a late start would); else a new one.</summary>
    internal static Task<IPlaywright> TakeOrStartAsync()
    {
        if (Interlocked.Exchange(ref _early, null) is { } early)
        {
            return early;
        }

        DriverEnvironment.Apply();
        return Playwright.CreateAsync();
    }
}
