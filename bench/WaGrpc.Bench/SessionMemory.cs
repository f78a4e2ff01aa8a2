using System.Globalization;
using System.Text;

namespace WaGrpc.Bench;

/// <summary>
/// The PSS of one gateway process tree, summed per category: the gateway, the Playwright driver
/// (node) and Chromium (every other process of the tree), each with its own part (anonymous and
/// shared-memory pages: see <see cref="ProcessTree.PssBytes"/>), and one line per process.
/// </summary>
public sealed record SessionMemory(
    double GatewayMb, double DriverMb, double ChromiumMb, int OtherChromiums, string Breakdown,
    double GatewayOwnMb = 0, double DriverOwnMb = 0, double ChromiumOwnMb = 0)
{
    private const double Mb = 1024 * 1024;

    /// <summary>Reads the PSS of every member of <paramref name="tree"/> (the root is the gateway).</summary>
    public static SessionMemory Read(ProcessTree tree, int gatewayPid)
    {
        // [gateway, driver, chromium] x [pss, anonymous part, shared-memory part]
        var sums = new long[3, 3];
        var lines = new StringBuilder();
        var members = tree.Members();
        var chromiumBinary = ""; // the session's browser (the headless shell or the full Chromium)
        foreach (var pid in members)
        {
            var (pss, anon, shmem) = ProcessTree.PssBytes(pid);
            var (exe, commandLine) = ProcessTree.Describe(pid);
            var (index, category) = RoleOf(pid, gatewayPid, exe, commandLine) switch
            {
                0 => (0, "gateway"),
                1 => (1, "driver"),
                _ => (2, "chromium " + ChromiumKind(commandLine)),
            };
            if (index == 2 && exe.Length > 0 && !exe.Contains("crashpad", StringComparison.Ordinal))
            {
                chromiumBinary = exe;
            }

            sums[index, 0] += pss;
            sums[index, 1] += anon;
            sums[index, 2] += shmem;
            lines.AppendLine(CultureInfo.InvariantCulture, $"  {pid,7} {pss / Mb,7:0.0} MB (anon {anon / Mb,6:0.0})  {category}");
        }

        var others = chromiumBinary.Length == 0 ? 0 : ProcessTree.CountOthers(chromiumBinary, members);
        lines.AppendLine(CultureInfo.InvariantCulture,
            $"  anonymous part: gateway {sums[0, 1] / Mb:0.0} MB, driver {sums[1, 1] / Mb:0.0} MB, chromium {sums[2, 1] / Mb:0.0} MB; {others} other chromium processes on the machine");
        return new SessionMemory(sums[0, 0] / Mb, sums[1, 0] / Mb, sums[2, 0] / Mb, others, lines.ToString(), Own(sums, 0), Own(sums, 1), Own(sums, 2));
    }

    /// <summary>What a member of a gateway's tree is: 0 the gateway (the root), 1 a Playwright driver (node), 2 Chromium.</summary>
    public static int RoleOf(int pid, int gatewayPid, string exe, string commandLine) =>
        pid == gatewayPid ? 0
        : Path.GetFileName(exe) == "node" || commandLine.Contains("run-driver", StringComparison.Ordinal) ? 1
        : 2;

    /// <summary>The median of each category over <paramref name="samples"/> (the breakdown of the last).</summary>
    public static SessionMemory Median(IReadOnlyList<SessionMemory> samples) => new(
        MedianOf(samples.Select(s => s.GatewayMb)),
        MedianOf(samples.Select(s => s.DriverMb)),
        MedianOf(samples.Select(s => s.ChromiumMb)),
        samples.Max(s => s.OtherChromiums),
        samples[^1].Breakdown,
        MedianOf(samples.Select(s => s.GatewayOwnMb)),
        MedianOf(samples.Select(s => s.DriverOwnMb)),
        MedianOf(samples.Select(s => s.ChromiumOwnMb)));

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Own(long[,] sums, int index) => (sums[index, 1] + sums[index, 2]) / Mb;

    // "browser", "renderer", "gpu-process", "utility network.mojom.NetworkService", "crashpad".
    private static string ChromiumKind(string commandLine)
    {
        if (commandLine.Contains("crashpad_handler", StringComparison.Ordinal))
        {
            return "crashpad";
        }

        var type = Flag(commandLine, "--type=") ?? "browser";
        var sub = Flag(commandLine, "--utility-sub-type=");
        var webUi = commandLine.Contains("--top-chrome-webui", StringComparison.Ordinal) ? " top-chrome-webui" : "";
        return sub is null ? type + webUi : $"{type} {sub}";
    }

    private static string? Flag(string commandLine, string name)
    {
        var at = commandLine.IndexOf(name, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var end = commandLine.IndexOf(' ', at);
        return commandLine[(at + name.Length)..(end < 0 ? commandLine.Length : end)];
    }
}
