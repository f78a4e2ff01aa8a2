namespace WaGrpc.Bench;

/// <summary>
/// What an instance (a WhatsApp number) costs: the gateway grown from one linked instance to
/// several, each with its own Chromium and Playwright driver (<see cref="InstanceGatewayRun"/>),
/// and the alternative of one shared Chromium with a context per session, measured beside the
/// engine's way (<see cref="SharedBrowserRun"/>). Per-instance figures are the slope from the
/// smallest to the largest size; the report's "Instances" section explains them.
/// </summary>
public static class InstancesBench
{
    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        if (!File.Exists("/usr/bin/chromium") || !File.Exists("/proc/self/smaps_rollup"))
        {
            report.Skip("instances: cost per instance", "needs /usr/bin/chromium and Linux /proc");
            return;
        }

        var plan = InstancesPlan.For(report.Size);
        var gateway = await InstanceGatewayRun.RunAsync(report, scratch, plan);
        var (separate, shared) = await SharedBrowserRun.RunAsync(scratch, plan);
        AddGatewayFigures(report, plan, gateway);
        AddSharedBrowserFigures(report, separate, shared);
        report.AddSection(InstancesSection.Build(plan, gateway, separate, shared));
    }

    /// <summary>The growth of <paramref name="value"/> per added instance, from the first sample to the last.</summary>
    public static double Slope<T>(IReadOnlyList<T> samples, Func<T, int> instances, Func<T, double> value)
    {
        var (first, last) = (samples[0], samples[^1]);
        var span = instances(last) - instances(first);
        return span == 0 ? value(last) / instances(last) : (value(last) - value(first)) / span;
    }

    public static double Slope(IReadOnlyList<InstanceSample> samples, Func<InstanceSample, double> value) => Slope(samples, s => s.Instances, value);

    public static double Slope(IReadOnlyList<BrowserSetupSample> samples, Func<BrowserSetupSample, double> value) => Slope(samples, s => s.Instances, value);

    private static void AddGatewayFigures(BenchReport report, InstancesPlan plan, IReadOnlyList<InstanceSample> gateway)
    {
        var (first, last) = (gateway[0], gateway[^1]);
        var others = gateway.Max(s => s.Memory.OtherChromiums);
        var how = $"slope from {first.Instances} to {last.Instances} linked instances; PSS (smaps_rollup, median of 3) {plan.Settle.TotalSeconds:0} s after a burst of {plan.BurstMessages} sends each" +
            (others > 0 ? $"; {others} other Chromium processes on the machine shared file pages (lower PSS)" : "");
        report.Add(new Figure($"instances, one browser each: memory (PSS) of {last.Instances} linked, all processes", last.TotalMb, "MB")
        {
            Baseline = first.TotalMb,
            BaselineName = $"{first.Instances} instance",
            Notes = $"gateway {last.Memory.GatewayMb:0} MB, {last.Instances} drivers {last.Memory.DriverMb:0} MB, {last.Instances} Chromiums {last.Memory.ChromiumMb:0} MB; own part {last.TotalOwnMb:0} MB; {last.Load}",
        });
        Marginal(report, "all processes", Slope(gateway, s => s.TotalMb), Slope(gateway, s => s.TotalOwnMb), how);
        Marginal(report, "gateway", Slope(gateway, s => s.Memory.GatewayMb), Slope(gateway, s => s.Memory.GatewayOwnMb), how);
        Marginal(report, "Playwright driver (node, one per instance)", Slope(gateway, s => s.Memory.DriverMb), Slope(gateway, s => s.Memory.DriverOwnMb), how);
        Marginal(report, "Chromium (all its processes)", Slope(gateway, s => s.Memory.ChromiumMb), Slope(gateway, s => s.Memory.ChromiumOwnMb), how);

        report.Add(new Figure($"instances: idle CPU of {last.Instances} linked, all processes", last.Idle.Cores * 100, "% of a core")
        {
            Baseline = first.Idle.Cores * 100,
            BaselineName = $"{first.Instances} instance",
            Notes = $"utime+stime from /proc/<pid>/stat over {plan.IdleWindow.TotalSeconds:0} s after the memory samples: {last.Idle}",
        });
        report.Add(new Figure("instances: idle CPU per added instance", Slope(gateway, s => s.Idle.Cores * 100), "% of a core")
        {
            Notes = $"slope from {first.Instances} to {last.Instances} linked instances",
        });
        var starts = gateway.Where(s => s.Started > 0).ToList();
        if (starts.Count > 0)
        {
            report.Add(new Figure("instances: CPU to start and link one instance", StartCpuSeconds(gateway), "s")
            {
                Notes = $"CPU s of all processes from POST /instances to authenticated, {starts.Sum(s => s.Started)} created in {starts.Count} steps; the last: {starts[^1].Start}",
            });
        }

        report.Add(new Figure($"instances: CPU per message sent, {last.Instances} instances sending at once", last.BurstCpuMsPerMessage, "ms")
        {
            Baseline = first.BurstCpuMsPerMessage,
            BaselineName = $"{first.Instances} instance",
            Notes = $"{last.BurstMessages} unpaced sends ({plan.BurstMessages} per instance) until every sandbox network held them, all processes: {last.Burst}",
        });
    }

    /// <summary>The CPU seconds of starting and linking one created instance, over every step that created some (0 when none did).</summary>
    public static double StartCpuSeconds(IReadOnlyList<InstanceSample> gateway) =>
        gateway.Sum(s => s.Started) is var started and > 0 ? gateway.Where(s => s.Started > 0).Sum(s => s.Start.TotalSeconds) / started : 0;

    private static void Marginal(BenchReport report, string what, double mb, double ownMb, string how) =>
        report.Add(new Figure($"instances: memory (PSS) per added instance: {what}", mb, "MB")
        {
            Notes = $"own part {ownMb:0} MB; {how}",
        });

    private static void AddSharedBrowserFigures(BenchReport report, IReadOnlyList<BrowserSetupSample> separate, IReadOnlyList<BrowserSetupSample> shared)
    {
        var others = separate.Concat(shared).Max(s => s.OtherChromiums);
        var how = "the same stand-in pages with wa-js and the bridge, QR shown, not linked" +
            (others > 0 ? $"; up to {others} other Chromium processes on the machine shared file pages (lower PSS): compare the own part" : "");
        report.Add(new Figure("shared browser: Chromium PSS per added session, a context each", Slope(shared, s => s.ChromiumMb), "MB")
        {
            Baseline = Slope(separate, s => s.ChromiumMb),
            BaselineName = "a Chromium each, the engine's way",
            Notes = $"slope from {shared[0].Instances} to {shared[^1].Instances} sessions; own part {Slope(shared, s => s.ChromiumOwnMb):0} MB against {Slope(separate, s => s.ChromiumOwnMb):0} MB; {how}",
        });
        report.Add(new Figure("shared browser: Chromium own memory per added session, a context each", Slope(shared, s => s.ChromiumOwnMb), "MB")
        {
            Baseline = Slope(separate, s => s.ChromiumOwnMb),
            BaselineName = "a Chromium each, the engine's way",
            Notes = "the anonymous and shared-memory part of PSS, which other processes on the machine do not lower: what the decision compares",
        });
        report.Add(new Figure($"shared browser: Chromium PSS of {shared[^1].Instances} sessions, a context each", shared[^1].ChromiumMb, "MB")
        {
            Baseline = separate[^1].ChromiumMb,
            BaselineName = "a Chromium each",
            Notes = $"{shared[^1].Processes} processes against {separate[^1].Processes}; own part {shared[^1].ChromiumOwnMb:0} MB against {separate[^1].ChromiumOwnMb:0} MB; {how}",
        });
    }
}
