namespace WaGrpc.Browser;

/// <summary>The Chromium flags the session runs with (see docs: quiet offline, no automation banner, lean on memory).</summary>
public static class ChromiumFlags
{
    /// <summary>
    /// The features Playwright (playwright-core 1.64.1, chromiumSwitches.ts) disables. Chromium reads
    /// only the last --disable-features, and ours comes after Playwright's: ours must carry its list.
    /// A test compares this list with the bundled Playwright's.
    /// </summary>
    public static readonly IReadOnlyList<string> PlaywrightDisabledFeatures =
    [
        "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls",
        "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
        "BlockOriginHeaderModificationOnRedirect", "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate",
        "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "msForceBrowserSignIn",
        "msEdgeUpdateLaunchServicesPreferredVersion",
    ];

    /// <summary>The features Playwright enables (the same last-one-wins rule applies to --enable-features).</summary>
    public static readonly IReadOnlyList<string> PlaywrightEnabledFeatures = ["CDPScreenshotNewSurface"];

    // Memory of one headless tab, measured by the bench's "process" figures (bench/memory-notes.md):
    // - WebUIOmniboxPopup, WebUIOmniboxAimPopup, WebUIOmniboxFullPopup: the browser preloads the
    //   address bar's popup as a WebUI page in a renderer of its own (chrome://omnibox-popup.top-chrome),
    //   which a headless session never opens: about 40 MB of private memory, 50-70 MB PSS.
    // - SpareRendererForSitePerProcess: a warm spare renderer for the next site; the session stays on
    //   one site: about 9 MB private, 20 MB PSS.
    private static readonly string[] DisabledFeatures =
    [
        "WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup", "SpareRendererForSitePerProcess",
    ];

    // - NetworkServiceInProcess2: the network service in the browser process instead of a utility
    //   process of its own (as Chrome does on low-memory devices): about 15 MB private, 20 MB PSS.
    private static readonly string[] EnabledFeatures = ["NetworkServiceInProcess2"];

    private static readonly string[] Quiet =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-blink-features=AutomationControlled",
    ];

    private const string Disable = "--disable-features=";
    private const string Enable = "--enable-features=";

    /// <summary>
    /// The flags, plus <paramref name="extra"/> (its --disable-features and --enable-features join
    /// ours and Playwright's instead of replacing them); with <paramref name="loopbackOnly"/> host names
    /// resolve to nothing but loopback (sandbox and tests only: a real session must reach whatsapp.com).
    /// </summary>
    public static List<string> For(bool loopbackOnly, IEnumerable<string>? extra = null)
    {
        var extraArgs = (extra ?? []).ToList();
        var args = Quiet.Concat(extraArgs.Where(a => !a.StartsWith(Disable, StringComparison.Ordinal) && !a.StartsWith(Enable, StringComparison.Ordinal))).ToList();
        var disabled = Join(PlaywrightDisabledFeatures.Concat(DisabledFeatures), extraArgs, Disable);
        // A feature the operator disables is not also enabled by default here (a way to opt out).
        var enabled = Join(PlaywrightEnabledFeatures.Concat(EnabledFeatures), extraArgs, Enable).Except(disabled, StringComparer.Ordinal);
        args.Add(Disable + string.Join(',', disabled));
        args.Add(Enable + string.Join(',', enabled));
        if (loopbackOnly)
        {
            args.Add("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost");
        }

        return args;
    }

    private static List<string> Join(IEnumerable<string> features, List<string> extraArgs, string flag) =>
        [.. features
            .Concat(extraArgs.Where(a => a.StartsWith(flag, StringComparison.Ordinal)).SelectMany(a => a[flag.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries)))
            .Distinct(StringComparer.Ordinal)];
}
