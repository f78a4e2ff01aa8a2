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

        // Both ways an operator runs it: the build output (`dotnet run`, the README) and the
        // ReadyToRun publish of the Docker image, their starts taken in turn under the same load.
        var build = await GatewayChild.ServerDllAsync();
        var (published, publishFailure) = await ServerPublish.ReadyToRunAsync(scratch.NewDir("publish"));
        var starts = report.Size.IsTiny ? 1 : 3;
        var settle = TimeSpan.FromSeconds(report.Size.IsTiny ? 2 : 5);
        var builtStarts = new ColdStarts("build output");
        var publishedStarts = new ColdStarts("ReadyToRun publish");
        SessionMemory? memory = null;
        for (var i = 0; i < starts; i++)
        {
            await builtStarts.MeasureAsync(build, scratch, keep: false);
            if (published is null)
            {
                continue;
            }

            await using var child = await publishedStarts.MeasureAsync(published, scratch, keep: i == starts - 1);
            if (child is not null)
            {
                memory = await MeasureMemoryAsync(child, settle);
            }
        }

        if (published is null)
        {
            Console.WriteLine($"  {publishFailure}");
            await using var child = await builtStarts.MeasureAsync(build, scratch, keep: true);
            memory = await MeasureMemoryAsync(child!, settle);
        }

        var runs = published is null ? "the build output (`dotnet WaGrpc.Server.dll`; no ReadyToRun publish: " + publishFailure + ")" : "the ReadyToRun publish (the Docker image's build)";
        var notes = $"{runs} linked through the phone API; PSS from /proc/<pid>/smaps_rollup, median of 3 samples 1 s apart, {settle.TotalSeconds:0} s after the sandbox link" +
            (memory!.OtherChromiums > 0 ? $"; {memory.OtherChromiums} other Chromium processes on the machine shared file pages (lower PSS)" : "");
        report.Add(Memory(report, "gateway", memory.GatewayMb, memory.GatewayOwnMb, 100, notes + "; the file part is shared with every .NET process on the machine (this bench's own among them) that maps the same framework files"));
        report.Add(Memory(report, "Playwright driver (node)", memory.DriverMb, memory.DriverOwnMb, 80, notes));
        report.Add(Memory(report, "Chromium (all its processes)", memory.ChromiumMb, memory.ChromiumOwnMb, 250, notes));
        var judged = published is null ? builtStarts : publishedStarts;
        report.Add(new Figure($"cold start to `got qr code` (sandbox), {judged.What}", judged.Median, "s")
        {
            BaselineName = published is null ? null : "build output (`dotnet run`)",
            Baseline = published is null ? null : builtStarts.Median,
            Target = "≤ 3 s",
            Met = report.Size.Judge(judged.Median <= 3),
            Notes = $"`dotnet WaGrpc.Server.dll` with a fresh data dir until /status says so, the two builds in turn; {publishedStarts.Summary}; {builtStarts.Summary}; {ProcessCpu.Load()}",
        });
    }

    private static async Task<SessionMemory> MeasureMemoryAsync(GatewayChild child, TimeSpan settle)
    {
        await child.LinkAsync();
        await child.WaitForStatusAsync("authenticated", TimeSpan.FromMinutes(1));
        await Task.Delay(settle);
        var samples = new List<SessionMemory>();
        for (var s = 0; s < 3; s++)
        {
            samples.Add(SessionMemory.Read(child.Tree, child.Pid));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var memory = SessionMemory.Median(samples);
        Console.Write(memory.Breakdown);
        return memory;
    }

    private static Figure Memory(BenchReport report, string what, double mb, double ownMb, double target, string notes) => new($"memory (PSS) of one linked session: {what}", mb, "MB")
    {
        Target = $"≤ {target} MB",
        Met = report.Size.Judge(mb <= target),
        Notes = $"own part (anonymous and shared memory, which no other process lowers) {ownMb:0} MB; {notes}",
    };
}
