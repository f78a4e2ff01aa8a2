using System.Diagnostics.Metrics;

namespace WaGrpc.Browser;

/// <summary>The browser engine's instruments (meter "WaGrpc.Browser"; the gateway exports it on /metrics).</summary>
internal static class BrowserMetrics
{
    private static readonly Meter Meter = new("WaGrpc.Browser");

    /// <summary>Browser starts after the first that were not asked for (a crash or a closed browser).</summary>
    public static readonly Counter<long> Restarts = Meter.CreateCounter<long>("wagrpc.browser.restarts", "{restart}", "Browser restarts after a crash or an unexpected end.");
}
