namespace WaGrpc.Bench;

/// <summary>
/// The gateway as an operator runs it, a process of its own in sandbox mode: the cold start (from
/// the process start until /status says "got qr code", fresh data dir each time) and, once linked
/// and settled, the memory (PSS) of the gateway, the Playwright driver and all of Chromium.
/// </summary>
public static class ProcessBench
{
    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        if (!File.Exists("/usr/bin/chromium") || !File.Exists("/proc/self/smaps_rollup"))
        {
            report.Skip("gateway process: cold start and memory", "needs /usr/bin/chromium and Linux /proc");
            return;
        }

        var dll = await GatewayChild.ServerDllAsync();
        var starts = report.Size.IsTiny ? 1 : 3;
        var settle = TimeSpan.FromSeconds(report.Size.IsTiny ? 2 : 5);
        var coldStarts = new List<double>();
        var cpus = new List<TreeCpu>();
        SessionMemory? memory = null;
        for (var i = 0; i < starts; i++)
        {
            await using var child = GatewayChild.Start(dll, scratch.NewDir("process"));
            var qr = TimeSpan.Zero;
            // CPU seconds of the gateway, the driver and Chromium until the QR: on a loaded machine the wall time says little.
            var cpu = await TreeCpu.MeasureAsync(child.Tree, child.Pid, async () => qr = await child.WaitForStatusAsync("got qr code", TimeSpan.FromMinutes(2)));
            coldStarts.Add(qr.TotalSeconds);
            cpus.Add(cpu);
            Console.WriteLine($"  cold start {i + 1}: {Phases(child, qr)}; {cpu}");
            if (i < starts - 1)
            {
                continue;
            }

            await child.LinkAsync();
            await child.WaitForStatusAsync("authenticated", TimeSpan.FromMinutes(1));
            await Task.Delay(settle);
            var samples = new List<SessionMemory>();
            for (var s = 0; s < 3; s++)
            {
                samples.Add(SessionMemory.Read(child.Tree, child.Pid));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            memory = SessionMemory.Median(samples);
            Console.Write(memory.Breakdown);
        }

        var notes = $"PSS from /proc/<pid>/smaps_rollup, median of 3 samples 1 s apart, {settle.TotalSeconds:0} s after the sandbox link" +
            (memory!.OtherChromiums > 0 ? $"; {memory.OtherChromiums} other Chromium processes on the machine shared file pages (lower PSS)" : "");
        report.Add(Memory(report, "gateway", memory.GatewayMb, 100, notes));
        report.Add(Memory(report, "Playwright driver (node)", memory.DriverMb, 80, notes));
        report.Add(Memory(report, "Chromium (all its processes)", memory.ChromiumMb, 250, notes));
        var cold = SessionMemory.MedianOf(coldStarts);
        report.Add(new Figure("cold start to `got qr code` (sandbox)", cold, "s")
        {
            Target = "≤ 3 s",
            Met = report.Size.Judge(cold <= 3),
            Notes = $"`dotnet WaGrpc.Server.dll` with a fresh data dir until /status says so; median of {starts} ({string.Join(", ", coldStarts.Select(c => $"{c:0.00}"))} s); " +
                $"CPU until then {string.Join("; ", cpus.Select(c => $"gateway {c.GatewaySeconds:0.00} s, driver {c.DriverSeconds:0.00} s, Chromium {c.ChromiumSeconds:0.00} s"))}; {ProcessCpu.Load()}",
        });
    }

    private static Figure Memory(BenchReport report, string what, double mb, double target, string notes) => new($"memory (PSS) of one linked session: {what}", mb, "MB")
    {
        Target = $"≤ {target} MB",
        Met = report.Size.Judge(mb <= target),
        Notes = notes,
    };

    // Where the start went, from the gateway's own lines: host up, browser launched, page scriptable.
    private static string Phases(GatewayChild child, TimeSpan qr)
    {
        static string At(TimeSpan? at) => at is { } t ? $"{t.TotalSeconds:0.00} s" : "-";
        return $"host started {At(child.LineAt("Application started"))}, browser launched {At(child.LineAt("Browser started"))}, " +
            $"page scriptable {At(child.LineAt(" is ready with wa-js "))}, got qr code {At(qr)}";
    }
}
