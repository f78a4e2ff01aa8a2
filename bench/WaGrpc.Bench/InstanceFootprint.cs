namespace WaGrpc.Bench;

/// <summary>
/// What one instance's session holds, read from /proc: its Chromium (the browser whose
/// --user-data-dir is the instance's profile, and everything it started) and the Playwright driver
/// that launched it (the browser's parent), each as PSS with its own part (anonymous and shared
/// memory, see <see cref="ProcessTree.PssBytes"/>). Chromium's crash
/// handlers leave the tree (they name no profile) and are not counted here.
/// </summary>
public sealed record InstanceFootprint(string Id, double ChromiumMb, double ChromiumOwnMb, double DriverMb, double DriverOwnMb, int ChromiumProcesses)
{
    private const double Mb = 1024 * 1024;

    /// <summary>The footprint of the Chromium whose profile is <paramref name="profileDir"/> (zero when none runs).</summary>
    public static InstanceFootprint Read(string id, string profileDir)
    {
        var chromium = ProcessTree.Started($"--user-data-dir={profileDir} ");
        long pss = 0, own = 0;
        int? driver = null;
        foreach (var pid in chromium)
        {
            var (p, anon, shmem) = ProcessTree.PssBytes(pid);
            pss += p;
            own += anon + shmem;
            if (!ProcessTree.Describe(pid).CommandLine.Contains("--type=", StringComparison.Ordinal))
            {
                driver = ProcessTree.ParentOf(pid);
            }
        }

        var (driverPss, driverAnon, driverShmem) = driver is { } d && ProcessTree.Describe(d) is var (exe, commandLine) && SessionMemory.RoleOf(d, -1, exe, commandLine) == 1
            ? ProcessTree.PssBytes(d)
            : (0L, 0L, 0L);
        return new InstanceFootprint(id, pss / Mb, own / Mb, driverPss / Mb, (driverAnon + driverShmem) / Mb, chromium.Count);
    }

    public override string ToString() =>
        $"{Id}: chromium {ChromiumMb:0} MB (own {ChromiumOwnMb:0}, {ChromiumProcesses} processes), driver {DriverMb:0} MB (own {DriverOwnMb:0})";
}
