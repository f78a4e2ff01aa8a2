namespace WaGrpc.Browser;

/// <summary>
/// The Playwright driver's (node's) settings: Microsoft.Playwright starts it with this process's
/// environment, so they go into NODE_OPTIONS before the driver starts.
/// </summary>
internal static class DriverEnvironment
{
    // V8's young generation at 1 MB per semi-space instead of its default 16 MB: the driver relays
    // small protocol messages (large strings such as media go to V8's large-object space either
    // way). Measured on one linked session: about 24 MB less private memory, 18 MB less PSS
    // (bench/memory-notes.md); a lower --max-old-space-size saved nothing more and could fail a
    // large media download, so the old generation keeps node's default.
    private const string SemiSpace = "--max-semi-space-size=1";

    /// <summary>Adds our options to NODE_OPTIONS, unless the operator set that option there.</summary>
    public static void Apply()
    {
        var current = Environment.GetEnvironmentVariable("NODE_OPTIONS") ?? "";
        if (!current.Contains("--max-semi-space-size", StringComparison.Ordinal))
        {
            Environment.SetEnvironmentVariable("NODE_OPTIONS", (current + " " + SemiSpace).Trim());
        }
    }
}
