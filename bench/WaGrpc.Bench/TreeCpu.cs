using System.Diagnostics;

namespace WaGrpc.Bench;

/// <summary>
/// The CPU time (user and system, from /proc/&lt;pid&gt;/stat) a gateway's process tree used during
/// some work, per category: the gateway, the Playwright drivers, Chromium. A process that ends
/// during the work is not counted; one that starts during it counts from its start.
/// </summary>
public sealed record TreeCpu(double GatewaySeconds, double DriverSeconds, double ChromiumSeconds, double WallSeconds)
{
    public double TotalSeconds => GatewaySeconds + DriverSeconds + ChromiumSeconds;

    /// <summary>How many cores the tree kept busy on average.</summary>
    public double Cores => TotalSeconds / WallSeconds;

    /// <summary>Runs <paramref name="work"/>; answers what the members of <paramref name="tree"/> (its root the gateway) used meanwhile.</summary>
    public static async Task<TreeCpu> MeasureAsync(ProcessTree tree, int gatewayPid, Func<Task> work)
    {
        var before = Times(tree.Members(), gatewayPid);
        var watch = Stopwatch.StartNew();
        await work();
        var wall = watch.Elapsed.TotalSeconds;
        var sums = new double[3];
        foreach (var (pid, (role, cpu)) in Times(tree.Members(), gatewayPid))
        {
            sums[role] += (cpu - (before.TryGetValue(pid, out var was) ? was.Cpu : TimeSpan.Zero)).TotalSeconds;
        }

        return new TreeCpu(sums[0], sums[1], sums[2], wall);
    }

    public override string ToString() =>
        $"{TotalSeconds:0.00} CPU s in {WallSeconds:0.0} s (gateway {GatewaySeconds:0.00}, drivers {DriverSeconds:0.00}, Chromium {ChromiumSeconds:0.00})";

    private static Dictionary<int, (int Role, TimeSpan Cpu)> Times(IReadOnlyList<int> pids, int gatewayPid)
    {
        var times = new Dictionary<int, (int, TimeSpan)>();
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                var (exe, commandLine) = ProcessTree.Describe(pid);
                times[pid] = (SessionMemory.RoleOf(pid, gatewayPid, exe, commandLine), process.TotalProcessorTime);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone.
            }
        }

        return times;
    }
}
