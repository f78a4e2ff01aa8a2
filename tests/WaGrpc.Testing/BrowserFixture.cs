using Microsoft.Playwright;

namespace WaGrpc.Testing;

/// <summary>
/// One real Chromium (Debian's /usr/bin/chromium, never a downloaded one) shared by a test class,
/// driven through Playwright. Each test takes its own context (its own storage).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The browser to use: WAGRPC_CHROMIUM, else /usr/bin/chromium.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("WAGRPC_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The session's own flags, names resolving only to loopback.</summary>
    public static readonly IReadOnlyList<string> Args = WaGrpc.Browser.ChromiumFlags.For(loopbackOnly: true);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: install Debian's 'chromium' package (apt-get install -y chromium).");
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
