namespace WaGrpc.Browser;

/// <summary>
/// Finds the Chromium to run: the configured path, else Debian's (or another distribution's)
/// package, else a browser Playwright installed earlier. It never downloads one.
/// </summary>
public static class ChromiumLocator
{
    private static readonly string[] SystemPaths =
    [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium",
        "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium",
    ];

    /// <summary>The executable to run; throws <see cref="BrowserNotFoundException"/> naming what to install.</summary>
    public static string Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new BrowserNotFoundException($"WaGrpc:Browser:ExecutablePath is '{configured}', and there is no file there.");
        }

        foreach (var path in SystemPaths.Concat(PlaywrightInstalls()))
        {
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new BrowserNotFoundException(
            "No Chromium found. Install Debian's 'chromium' package (apt-get install -y chromium) or set " +
            "WaGrpc:Browser:ExecutablePath to a Chromium or Chrome executable. WaGrpc never downloads a browser.");
    }

    // Where `playwright install chromium` puts its browser (…/ms-playwright/chromium-<rev>/chrome-linux*/chrome).
    private static IEnumerable<string> PlaywrightInstalls()
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

            foreach (var dir in Directory.EnumerateDirectories(root, "chromium-*").OrderDescending())
            {
                yield return Path.Combine(dir, "chrome-linux64", "chrome");
                yield return Path.Combine(dir, "chrome-linux", "chrome");
            }
        }
    }
}
