using System.Text;

namespace WaGrpc.Bench;

/// <summary>
/// The report's "Instances" section: how the instance figures were taken, each size's figures,
/// the shared-browser comparison and its decision, and how many instances fit a node.
/// </summary>
public static class InstancesSection
{
    // Kept for the system (kernel, container runtime, kubelet) on a node before instances are counted.
    private const double ReservedMb = 1024;

    // The share of a node's cores the instances may use, leaving headroom for bursts.
    private const double CpuShare = 0.7;

    // Contexts are "much cheaper" when they save at least this share of an instance's own memory.
    private const double MuchCheaper = 0.5;

    private static readonly (int Cores, double MemoryGiB)[] Nodes = [(2, 24), (4, 16)];

    public static string Build(InstancesPlan plan, IReadOnlyList<InstanceSample> gateway, IReadOnlyList<BrowserSetupSample> separate, IReadOnlyList<BrowserSetupSample> shared)
    {
        var md = new StringBuilder();
        void Line(string text) => md.AppendLine(text);
        var (first, last) = (gateway[0], gateway[^1]);
        var perInstance = InstancesBench.Slope(gateway, s => s.TotalMb);
        var perInstanceOwn = InstancesBench.Slope(gateway, s => s.TotalOwnMb);
        var driver = InstancesBench.Slope(gateway, s => s.Memory.DriverMb);
        var driverOwn = InstancesBench.Slope(gateway, s => s.Memory.DriverOwnMb);
        var chromium = InstancesBench.Slope(gateway, s => s.Memory.ChromiumMb);

        Line("## Instances: what one costs");
        Line("");
        Line("From the `instances` bench. **One browser per instance** is what the gateway does: every instance's engine");
        Line("launches its own persistent Chromium (its own profile) through its own Playwright driver (each engine calls");
        Line("`Playwright.CreateAsync()`, which starts a node process). The bench starts the built gateway as its own process");
        Line($"in sandbox mode, grows it to {string.Join(", ", plan.Sizes)} instances (the default one, then more through");
        Line("`POST /instances`), links each through its own sandbox phone, and at each size sends");
        Line($"{plan.BurstMessages} unpaced messages through every instance at once (the burst), waits {plan.Settle.TotalSeconds:0} s, reads the PSS");
        Line("(`/proc/<pid>/smaps_rollup`, median of 3) of the gateway, of each driver and of each Chromium tree (found by");
        Line($"its `--user-data-dir`), then the CPU (`utime+stime` of `/proc/<pid>/stat`) of all of them over {plan.IdleWindow.TotalSeconds:0} s idle.");
        Line("Per added instance is the slope from the smallest size to the largest. PSS holds file pages (the binaries)");
        Line("shared with every other Chromium, node and dotnet on the machine, so it is lower on a busy machine; the **own**");
        Line("part (anonymous and shared-memory pages, `Pss_Anon` + `Pss_Shmem`) is shared with no process outside the tree and");
        Line("does not depend on what else runs: what an added instance really adds.");
        Line("");
        Line("| instances | gateway | drivers | Chromium | all (own part) | idle CPU | CPU per message in the burst | load |");
        Line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var s in gateway)
        {
            Line($"| {s.Instances} | {s.Memory.GatewayMb:0} MB | {s.Memory.DriverMb:0} MB | {s.Memory.ChromiumMb:0} MB | {s.TotalMb:0} MB ({s.TotalOwnMb:0} MB) | " +
                $"{s.Idle.Cores * 100:0.0} % of a core | {s.BurstCpuMsPerMessage:0.0} ms | {s.Load} |");
        }

        Line("");
        Line($"Per added instance: **{perInstance:0} MB** PSS ({perInstanceOwn:0} MB own): gateway {InstancesBench.Slope(gateway, s => s.Memory.GatewayMb):0} MB,");
        Line($"driver {driver:0} MB ({driverOwn:0} MB own), Chromium {chromium:0} MB; idle CPU {InstancesBench.Slope(gateway, s => s.Idle.Cores * 100):0.0} % of a core.");
        Line($"Each instance as found at {last.Instances}: {string.Join("; ", last.Footprints.Select(f => $"`{f.Id}` Chromium {f.ChromiumMb:0} MB, driver {f.DriverMb:0} MB"))}.");
        Line("The stand-in page is much lighter than the real WhatsApp Web (its scripts, its IndexedDB of chats and media):");
        Line("a real session's renderer holds more, so these are lower bounds for Chromium; the gateway and driver parts carry over.");
        Line("");
        AppendSharedBrowser(Line, separate, shared, driverOwn, perInstanceOwn);
        AppendNodeFit(Line, gateway, perInstanceOwn);
        return md.ToString();
    }

    // Compared by the own part: the PSS of one setup falls when other Chromiums run on the machine.
    private static void AppendSharedBrowser(Action<string> line, IReadOnlyList<BrowserSetupSample> separate, IReadOnlyList<BrowserSetupSample> shared, double driverOwn, double perInstanceOwn)
    {
        var separateSlope = InstancesBench.Slope(separate, s => s.ChromiumOwnMb);
        var sharedSlope = InstancesBench.Slope(shared, s => s.ChromiumOwnMb);
        line("### One shared browser with a context per instance, against a browser each");
        line("");
        line("Measured in the bench with Microsoft.Playwright (the gateway does not implement it): the same pages, each a");
        line("different instance's stand-in with the pinned wa-js and the bridge injected as the engine does, until the page");
        line("shows its QR code (not linked: a context has no persistent profile to link into); first N persistent Chromiums");
        line("with the engine's launch options (`BrowserLaunch.OptionsFor`), then one Chromium with the same flags and N contexts.");
        line("One driver serves both here. Compared by the own part: PSS falls whenever other Chromiums run on the machine");
        line("(counted in the last column, for each setup).");
        line("");
        line("| sessions | a Chromium each: PSS (own) | processes | one Chromium, a context each: PSS (own) | processes | other Chromium processes on the machine |");
        line("| --- | --- | --- | --- | --- | --- |");
        foreach (var (a, b) in separate.Zip(shared))
        {
            line($"| {a.Instances} | {a.ChromiumMb:0} MB ({a.ChromiumOwnMb:0} MB) | {a.Processes} | {b.ChromiumMb:0} MB ({b.ChromiumOwnMb:0} MB) | {b.Processes} | {a.OtherChromiums}, {b.OtherChromiums} |");
        }

        var saving = separateSlope - sharedSlope;
        var share = perInstanceOwn > 0 ? saving / perInstanceOwn : 0;
        var withDriver = perInstanceOwn > 0 ? (saving + driverOwn) / perInstanceOwn : 0;
        line("");
        line($"Per added session, own memory: {sharedSlope:0} MB as a context against {separateSlope:0} MB as a browser of its own,");
        line($"**{saving:0} MB less, {share:P0}** of the {perInstanceOwn:0} MB of own memory an instance adds to the gateway now. The saving");
        line("is the browser's own processes (browser, GPU, zygotes, storage), a fixed amount per instance: against the real");
        line("WhatsApp Web, whose renderer holds far more than the stand-in's, it is a smaller share. Apart from that, one");
        line($"Playwright driver for all instances (with or without contexts) would save the {driverOwn:0} MB each instance's own driver holds");
        line($"(both together: {withDriver:P0}); a driver's end closes every browser it launched, so it too would end every session at once.");
        line("");
        line("What a shared browser gives up: every instance's session would hang on one browser process (its crash, hang or");
        line("out-of-memory kill, or a restart for one instance's sake, ends every session at once; today the supervisor restarts");
        line("one instance's browser and the others go on); the GPU process, the network service (in the browser process with");
        line("our flags) and the storage service are shared, and one page's leak grows the shared browser. A renderer crash still");
        line("stays with its page (contexts never share a renderer) and each context's storage (cookies, IndexedDB, local");
        line("storage) is its own. A context is also not persistent: the login would have to come back from the gateway's");
        line("snapshot of it at every start.");
        line("");
        if (share >= MuchCheaper)
        {
            line($"**Contexts are much cheaper here** ({saving:0} MB, {share:P0} of an instance). The gateway still runs one browser per");
            line("instance: this bench changes no product code. Moving to contexts would take one browser (and driver) owned by the");
            line("host and shared by the instances' engines; a context per engine restored from the login snapshot (`storageState`)");
            line("instead of a profile directory, and saved back as now; a proxy per context; a browser crash restarting every");
            line("instance's context; and a cap on instances per browser so that one crash ends fewer sessions.");
        }
        else
        {
            line($"**Decision: one browser per instance stays.** Contexts save {saving:0} MB per instance, {share:P0} of what an instance");
            line("costs (less against the real WhatsApp Web): not much cheaper, and not worth one browser process whose end takes");
            line("every number down with it.");
        }

        line("");
    }

    // The first instance brings the shared file pages (the binaries) with it; each further one adds its own memory.
    private static void AppendNodeFit(Action<string> line, IReadOnlyList<InstanceSample> gateway, double perInstanceOwn)
    {
        var first = gateway[0];
        var idleSlope = InstancesBench.Slope(gateway, s => s.Idle.Cores);
        // Noise can put the intercept below zero: the gateway alone uses at least nothing.
        var idleBase = Math.Max(0, first.Idle.Cores - (idleSlope * first.Instances));
        var cpuPerMessage = gateway[^1].Burst.TotalSeconds / gateway[^1].BurstMessages;
        var startCpu = InstancesBench.StartCpuSeconds(gateway);
        line("### How many fit a node");
        line("");
        line($"Memory: {first.TotalMb:0} MB (PSS) for the gateway with {first.Instances} instance, plus {perInstanceOwn:0} MB of own memory per further");
        line($"instance (the binaries' pages are shared); a node keeps {ReservedMb / 1024:0} GiB for the system. CPU: the instances may use");
        line($"{CpuShare:P0} of the cores; idle, each uses {idleSlope * 100:0.0} % of a core (the gateway {idleBase * 100:0.0} % besides), and each message");
        line($"sent costs {cpuPerMessage * 1000:0.0} ms of CPU in all (gateway, driver, Chromium). Starting and linking an instance costs");
        line($"{startCpu:0.0} CPU s, so starting all that fit by memory (after a node's restart) keeps every core busy for the time in the last column.");
        line("");
        line("| node | fit by memory | fit by idle CPU | messages/s the CPU allows in all | starting all that fit by memory |");
        line("| --- | --- | --- | --- | --- |");
        foreach (var (cores, gib) in Nodes)
        {
            var byMemory = perInstanceOwn > 0 ? first.Instances + Math.Floor(((gib * 1024) - ReservedMb - first.TotalMb) / perInstanceOwn) : double.PositiveInfinity;
            var byCpu = idleSlope > 0 ? Math.Floor(((CpuShare * cores) - idleBase) / idleSlope) : double.PositiveInfinity;
            var messages = cpuPerMessage > 0 ? CpuShare * cores / cpuPerMessage : double.PositiveInfinity;
            line($"| {cores} cores, {gib:0} GiB | {Count(byMemory)}: {first.Instances} + ({gib * 1024:0} − {ReservedMb:0} − {first.TotalMb:0}) ÷ {perInstanceOwn:0} | " +
                $"{Count(byCpu)}: ({CpuShare} × {cores} − {idleBase:0.000}) ÷ {idleSlope:0.0000} | {messages:0}: {CpuShare} × {cores} ÷ {cpuPerMessage:0.0000} s | " +
                (double.IsFinite(byMemory) ? $"{byMemory * startCpu / cores / 60:0.0} min: {byMemory:0} × {startCpu:0.0} s ÷ {cores} |" : "- |"));
        }

        line("");
        line("The smaller of the first two is how many fit; the traffic then shares the third among them. Plan with the");
        line("real WhatsApp Web's heavier page in mind (more memory in its renderer, and more CPU: it keeps its socket, presence");
        line("and sync going), and stagger starts: a node's instances starting at once share its cores.");
    }

    private static string Count(double value) => double.IsPositiveInfinity(value) ? "no limit measured" : $"**{Math.Max(0, value):0}**";
}
