namespace WaGrpc.Browser;

/// <summary>The Chromium flags the session runs with (see docs: quiet offline, no automation banner).</summary>
public static class ChromiumFlags
{
    private static readonly string[] Quiet =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-blink-features=AutomationControlled",
    ];

    /// <summary>
    /// The flags, plus <paramref name="extra"/>; with <paramref name="loopbackOnly"/> host names
    /// resolve to nothing but loopback (sandbox and tests only: a real session must reach whatsapp.com).
    /// </summary>
    public static List<string> For(bool loopbackOnly, IEnumerable<string>? extra = null)
    {
        var args = Quiet.Concat(extra ?? []).ToList();
        if (loopbackOnly)
        {
            args.Add("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost");
        }

        return args;
    }
}
