namespace WaGrpc.Browser;

/// <summary>
/// Finds the Chromium to run: the configured path; else, for a headless session, Chromium's headless
/// shell (Debian's chromium-headless-shell package, what Playwright itself runs headless); else
/// Debian's (or another distribution's) full Chromium; else a browser Playwright installed earlier.
/// It never downloads one.
/// </summary>
public static class ChromiumLocator
{
    // The binary, not Debian's /usr/bin wrapper script, which would stay as a shell parent process.
    private static readonly string[] ShellPaths =
    [
        "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell",
    ];

    private static readonly string[] SystemPaths =
    [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium",
        "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium",
    ];

    /// <summary>The executable to run; throws <see cref="BrowserNotFoundException"/> naming what to install.</summary>
    /// <param name="configured">WaGrpc:Browser:ExecutablePath (wins when set).</param>
    /// <param name="headlessShell">Prefer a headless shell (a headless session with WaGrpc:Browser:HeadlessShell on).</param>
    public static string Find(string? configured, bool headlessShell = false)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new BrowserNotFoundException($"WaGrpc:Browser:ExecutablePath is '{configured}', and there is no file there.");
        }

        var candidates = headlessShell
            ? ShellPaths.Concat(PlaywrightInstalls(shell: true)).Concat(SystemPaths).Concat(PlaywrightInstalls(shell: false))
            : SystemPaths.Concat(PlaywrightInstalls(shell: false));
        foreach (var path in candidates)
        {
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new BrowserNotFoundException(
            "No Chromium found. Install Debian's 'chromium-headless-shell' and 'chromium' packages " +
            "(apt-get install -y chromium-headless-shell chromium) or set WaGrpc:Browser:ExecutablePath to a " +
            "Chromium or Chrome executable. WaGrpc never downloads a browser.");
    }

    // Where `playwright install` puts its browsers: …/ms-playwright/chromium-<rev>/chrome-linux*/chrome
    // and …/ms-playwright/chromium_headless_shell-<rev>/chrome-linux*/(chrome-)headless_shell.
    private static IEnumerable<string> PlaywrightInstalls(bool shell)
    {
        var roots = new[]
        {
            Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright"),
        };
        foreach (var root in roots)
        {
            if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
            {
                continue;
            }

            foreach (var dir in Directory.EnumerateDirectories(root, shell ? "chromium_headless_shell-*" : "chromium-*").OrderDescending())
            {
                if (shell)
                {
                    yield return Path.Combine(dir, "chrome-headless-shell-linux64", "chrome-headless-shell");
                    yield return Path.Combine(dir, "chrome-linux", "headless_shell");
                }
                else
                {
                    yield return Path.Combine(dir, "chrome-linux64", "chrome");
                    yield return Path.Combine(dir, "chrome-linux", "chrome");
                }
            }
        }
    }
}
