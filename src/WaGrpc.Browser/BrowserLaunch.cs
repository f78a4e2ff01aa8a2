using Microsoft.Playwright;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

/// <summary>How the session's Chromium is launched: the options, the flags, the proxy of the settings.</summary>
public static class BrowserLaunch
{
    /// <summary>The launch options for <paramref name="executable"/>, through <paramref name="proxy"/> when one is set.</summary>
    public static BrowserTypeLaunchPersistentContextOptions OptionsFor(BrowserOptions options, string? executable, ProxyAddress? proxy) => new()
    {
        ExecutablePath = executable,
        Headless = options.Headless,
        Args = ChromiumFlags.For(options.LoopbackOnly, options.ExtraArgs),
        UserAgent = options.UserAgent,
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        Proxy = proxy is null ? null : new Proxy { Server = proxy.Server, Username = proxy.Username, Password = proxy.Password },
    };
}
