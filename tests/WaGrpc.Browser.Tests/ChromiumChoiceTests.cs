using WaGrpc.Testing;

namespace WaGrpc.Browser.Tests;

/// <summary>
/// Which Chromium a session runs: the headless shell by default (Debian's chromium-headless-shell,
/// as Playwright runs headless), the full Chromium when WaGrpc:Browser:HeadlessShell is off, the
/// configured path above both. Both browsers link a session end to end.
/// </summary>
public sealed class ChromiumChoiceTests
{
    private const string Shell = "/usr/lib/chromium/chromium-headless-shell";
    private const string Full = "/usr/lib/chromium/chromium";

    [Fact]
    public void Locator_PrefersTheShellForAHeadlessSession_TheConfiguredPathAboveAll()
    {
        RequireBoth();

        Assert.Equal(Shell, ChromiumLocator.Find(null, headlessShell: true));
        Assert.Equal("/usr/bin/chromium", ChromiumLocator.Find(null, headlessShell: false));
        Assert.Equal("/usr/bin/chromium", ChromiumLocator.Find("/usr/bin/chromium", headlessShell: true));
        var missing = Assert.Throws<BrowserNotFoundException>(() => ChromiumLocator.Find("/nonexistent/chromium", headlessShell: true));
        Assert.Contains("/nonexistent/chromium", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, Shell)]
    [InlineData(false, Full)]
    public async Task Session_RunsTheChosenBrowser_AndLinks(bool headlessShell, string binary)
    {
        RequireBoth();
        await using var live = await LiveGateway.StartAsync(new()
        {
            ["WaGrpc:Browser:ExecutablePath"] = "",
            ["WaGrpc:Browser:HeadlessShell"] = headlessShell ? "true" : "false",
        });

        await live.LinkAsync();
        await live.WaitForStatusAsync("authenticated");

        var pid = live.Engine.BrowserProcessId ?? throw new InvalidOperationException("no browser process found");
        Assert.Equal(binary, new FileInfo($"/proc/{pid}/exe").LinkTarget);
    }

    private static void RequireBoth()
    {
        foreach (var path in new[] { Shell, Full })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} is missing: install Debian's 'chromium-headless-shell' and 'chromium' packages (.ci/run does).");
            }
        }
    }
}
