using System.Diagnostics;

namespace WaGrpc.Browser;

/// <summary>
/// The Chromium browser processes running on one profile directory, found by their command line.
/// Playwright starts Chromium in a session of its own, so a SIGKILL of the gateway's process
/// group (a crash) leaves it running until it notices its pipe is gone; a slow or stuck one then
/// shares the profile with the next start. The data directory's lock file allows one gateway per
/// profile, so any browser found here before a launch is a leftover and is ended.
/// </summary>
public static class ProfileBrowsers
{
    /// <summary>Browser processes (not their renderers and helpers) on the profile, oldest first.</summary>
    public static IReadOnlyList<int> Find(string profileDir)
    {
        var marker = "--user-data-dir=" + profileDir + "\0";
        var found = new List<int>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && CommandLine(dir) is { } cmdline
                    && cmdline.Contains(marker, StringComparison.Ordinal) && !cmdline.Contains("--type=", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // No /proc (not Linux): nothing to find.
        }

        found.Sort();
        return found;
    }

    /// <summary>
    /// SIGKILLs every browser still on the profile, with its renderers and helpers, and waits
    /// until each is gone. Answers the process ids it ended.
    /// </summary>
    public static async Task<IReadOnlyList<int>> EndLeftoversAsync(string profileDir, TimeSpan patience)
    {
        var ended = new List<int>();
        foreach (var pid in Find(profileDir))
        {
            Process process;
            try
            {
                process = Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                continue; // Gone already.
            }

            using (process)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Exited between the look-up and the kill.
                }

                ended.Add(pid);
            }
        }

        // Not our children, so no exit event: look until none of them is on the profile any more
        // (a zombie's command line is empty).
        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (ended.Count > 0 && Find(profileDir).Any(ended.Contains) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(50);
        }

        return ended;
    }

    private static string? CommandLine(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
