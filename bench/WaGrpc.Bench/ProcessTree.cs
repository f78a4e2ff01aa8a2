using System.Diagnostics;
using System.Globalization;

namespace WaGrpc.Bench;

/// <summary>
/// A process and everything it started, read from /proc: the descendants by parent id, plus the
/// processes that carry the run's marker in their environment (Chromium's crashpad handlers
/// double-fork and end up under init, out of the tree).
/// </summary>
public sealed class ProcessTree(int rootPid, string markerVariable, string markerValue)
{
    /// <summary>The live (not zombie) processes of the tree, the root first.</summary>
    public IReadOnlyList<int> Members()
    {
        var parents = new Dictionary<int, int>();
        var marked = new List<int>();
        var needle = markerVariable + "=" + markerValue;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
                ReadStat(pid) is not { } stat || stat.State == 'Z')
            {
                continue;
            }

            parents[pid] = stat.Parent;
            if (pid != rootPid && Environment(pid).Contains(needle))
            {
                marked.Add(pid);
            }
        }

        var members = new List<int>();
        if (parents.ContainsKey(rootPid))
        {
            members.Add(rootPid);
        }

        for (var i = 0; i < members.Count; i++)
        {
            members.AddRange(parents.Where(p => p.Value == members[i] && !members.Contains(p.Key)).Select(p => p.Key));
        }

        members.AddRange(marked.Where(pid => !members.Contains(pid)));
        return members;
    }

    /// <summary>
    /// The live processes whose command line holds <paramref name="text"/>, and everything they
    /// started (a Chromium by its --user-data-dir: its zygotes, renderers, GPU and utility processes).
    /// </summary>
    public static IReadOnlyList<int> Started(string text)
    {
        var parents = new Dictionary<int, int>();
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
                ReadStat(pid) is not { } stat || stat.State == 'Z')
            {
                continue;
            }

            parents[pid] = stat.Parent;
            // A space after the last argument too: "--user-data-dir=/a/p " is not "--user-data-dir=/a/p2".
            if ((Describe(pid).CommandLine + " ").Contains(text, StringComparison.Ordinal))
            {
                members.Add(pid);
            }
        }

        for (var i = 0; i < members.Count; i++)
        {
            members.AddRange(parents.Where(p => p.Value == members[i] && !members.Contains(p.Key)).Select(p => p.Key));
        }

        return members;
    }

    /// <summary>The parent of <paramref name="pid"/> (null when it is gone).</summary>
    public static int? ParentOf(int pid) => ReadStat(pid)?.Parent;

    /// <summary>
    /// The proportional set size of <paramref name="pid"/> in bytes, its anonymous part and its
    /// shared-memory part (all 0 when it is gone). The file-backed part shrinks when other processes
    /// map the same files (another Chromium, another dotnet), the anonymous part does not: it is what
    /// to compare candidates by. Shared memory (Chromium's buffers between its processes, .NET's
    /// double-mapped code) is shared within a process tree only, so it does not depend on other processes either.
    /// </summary>
    public static (long Pss, long Anon, long Shmem) PssBytes(int pid)
    {
        long pss = 0, anon = 0, shmem = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    pss = Kb(line) * 1024;
                }
                else if (line.StartsWith("Pss_Anon:", StringComparison.Ordinal))
                {
                    anon = Kb(line) * 1024;
                }
                else if (line.StartsWith("Pss_Shmem:", StringComparison.Ordinal))
                {
                    shmem = Kb(line) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return (pss, anon, shmem);
    }

    /// <summary>
    /// How many live processes outside <paramref name="members"/> run <paramref name="executable"/>
    /// (another Chromium shares the file pages, which lowers this tree's PSS).
    /// </summary>
    public static int CountOthers(string executable, IReadOnlyCollection<int> members)
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                !members.Contains(pid) && Describe(pid).Exe == executable)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The executable and command line of <paramref name="pid"/> ("" when it is gone).</summary>
    public static (string Exe, string CommandLine) Describe(int pid)
    {
        try
        {
            var exe = new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "";
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return (exe, commandLine);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ("", "");
        }
    }

    /// <summary>SIGKILL to every member, again until none is left (Chromium may start one while it goes).</summary>
    public async Task KillAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (Members() is { Count: > 0 } members)
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"processes still alive after SIGKILL: {string.Join(", ", members)}");
            }

            foreach (var pid in members)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone already.
                }
            }

            await Task.Delay(100);
        }
    }

    // "Pss_Anon:     1234 kB"
    private static long Kb(string line) =>
        long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static (char State, int Parent)? ReadStat(int pid)
    {
        try
        {
            // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string Environment(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
