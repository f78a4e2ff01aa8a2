using Microsoft.Playwright;

namespace WaGrpc.Testing;

/// <summary>
/// One real Chromium (Debian's package, never a downloaded one) shared by a test class,
/// driven through Playwright. Each test takes its own context (its own storage).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// The browser to use: WAGRPC_CHROMIUM, else the one a headless session runs by default (the
    /// headless shell where installed, else the full Chromium; see ChromiumLocator).
    /// </summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("WAGRPC_CHROMIUM") is { Length: > 0 } path
        ? path
        : LocateDefault();

    /// <summary>The session's own flags, names resolving only to loopback.</summary>
    public static readonly IReadOnlyList<string> Args = WaGrpc.Browser.ChromiumFlags.For(loopbackOnly: true);

    private static string LocateDefault()
    {
        try
        {
            return WaGrpc.Browser.ChromiumLocator.Find(null, headlessShell: true);
        }
        catch (WaGrpc.Browser.BrowserNotFoundException)
        {
            return "/usr/bin/chromium";
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: install Debian's 'chromium-headless-shell' and 'chromium' packages (apt-get install -y chromium-headless-shell chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Args });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
