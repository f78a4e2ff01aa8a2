using System.ComponentModel.DataAnnotations;

namespace WaGrpc.Browser;

/// <summary>The browser session's settings, from the "WaGrpc:Browser" configuration section.</summary>
public sealed class BrowserOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WaGrpc:Browser";

    /// <summary>The real WhatsApp Web.</summary>
    public const string DefaultWhatsAppWebUrl = "https://web.whatsapp.com/";

    /// <summary>Chromium to run; empty: found on the machine (see <see cref="ChromiumLocator"/>).</summary>
    public string? ExecutablePath { get; set; }

    /// <summary>The page to open; empty: https://web.whatsapp.com/, or the stand-in in sandbox mode.</summary>
    public string? WhatsAppWebUrl { get; set; }

    /// <summary>The default instance's persistent Chromium profile (holds the login); empty: &lt;DataDir&gt;/browser-profile. Other instances: &lt;DataDir&gt;/instances/&lt;id&gt;/browser-profile.</summary>
    public string? ProfileDir { get; set; }

    /// <summary>
    /// A @wppconnect/wa-js bundle (dist/wppconnect-wa.js of a release) to inject instead of the
    /// pinned one: how an operator follows a WhatsApp Web change before a new gateway release.
    /// </summary>
    public string? WaJsPath { get; set; }

    /// <summary>Run without a window (default true).</summary>
    public bool Headless { get; set; } = true;

    /// <summary>
    /// Headless, with no <see cref="ExecutablePath"/>: run Chromium's headless shell when one is
    /// installed (Debian's chromium-headless-shell package; Playwright runs the same for headless by
    /// default): a smaller browser, about a third less of its own memory (docs/benchmarks.md). False:
    /// the full Chromium in its new headless mode.
    /// </summary>
    public bool HeadlessShell { get; set; } = true;

    /// <summary>The user agent: a desktop Chrome one, as WhatsApp Web expects.</summary>
    public string UserAgent { get; set; } =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    /// <summary>How long the page may take to become scriptable (window.Debug.VERSION and its modules).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time limit for one call into the page (send, create group, ...).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First delay before restarting a crashed or closed browser; doubles up to <see cref="MaxRestartDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between browser restarts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a fresh copy of the login (the WhatsApp origin's storage) is saved into the
    /// gateway's store while logged in; one is also saved after each login and at a clean stop.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SnapshotRefresh { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Download incoming media through the page (default true).</summary>
    public bool DownloadMedia { get; set; } = true;

    /// <summary>Extra Chromium command-line flags.</summary>
    public List<string> ExtraArgs { get; set; } = [];

    /// <summary>
    /// Resolve host names to nothing but loopback (set in sandbox mode: the session must not reach
    /// anything but the gateway). Never set it for a real session.
    /// </summary>
    public bool LoopbackOnly { get; set; }
}
