namespace WaGrpc.Bench;

/// <summary>
/// Cold starts of one build of the gateway: from the process start until /status says "got qr
/// code", each with a fresh data dir, with the CPU seconds of the gateway, its driver and Chromium
/// until then (on a loaded machine the wall time says little) and where the time went.
/// </summary>
public sealed class ColdStarts(string what)
{
    private readonly List<double> _seconds = [];
    private readonly List<TreeCpu> _cpus = [];

    /// <summary>Which build ("ReadyToRun publish").</summary>
    public string What { get; } = what;

    public double Median => SessionMemory.MedianOf(_seconds);

    /// <summary>The starts and their CPU, for the report's notes.</summary>
    public string Summary => $"{What}: median of {_seconds.Count} ({string.Join(", ", _seconds.Select(s => $"{s:0.00}"))} s), CPU until then " +
        string.Join("; ", _cpus.Select(c => $"gateway {c.GatewaySeconds:0.00} s, driver {c.DriverSeconds:0.00} s, Chromium {c.ChromiumSeconds:0.00} s"));

    /// <summary>One cold start of <paramref name="dll"/>; the running gateway when <paramref name="keep"/>, else it is ended and null.</summary>
    public async Task<GatewayChild?> MeasureAsync(string dll, Scratch scratch, bool keep)
    {
        var child = GatewayChild.Start(dll, scratch.NewDir("process"));
        try
        {
            var qr = TimeSpan.Zero;
            var cpu = await TreeCpu.MeasureAsync(child.Tree, child.Pid, async () => qr = await child.WaitForStatusAsync("got qr code", TimeSpan.FromMinutes(2)));
            _seconds.Add(qr.TotalSeconds);
            _cpus.Add(cpu);
            Console.WriteLine($"  cold start {_seconds.Count}, {What}: {Phases(child, qr)}; {cpu}");
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }

        if (keep)
        {
            return child;
        }

        await child.DisposeAsync();
        return null;
    }

    // Where the start went, from the gateway's own lines: host up, browser launched, page scriptable.
    private static string Phases(GatewayChild child, TimeSpan qr)
    {
        static string At(TimeSpan? at) => at is { } t ? $"{t.TotalSeconds:0.00} s" : "-";
        return $"host started {At(child.LineAt("Application started"))}, browser launched {At(child.LineAt("Browser started"))}, " +
            $"page scriptable {At(child.LineAt(" is ready with wa-js "))}, got qr code {At(qr)}";
    }
}
