using System.Globalization;

namespace WaGrpc.Browser;

/// <summary>The page script (Scripts/wagrpc-page.js, embedded) with its settings in front.</summary>
public static class PageScript
{
    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(PageScript).Assembly.GetManifestResourceStream("wagrpc-page.js")
            ?? throw new InvalidOperationException("The embedded page script wagrpc-page.js is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The script to install with AddInitScriptAsync.</summary>
    public static string Build(BrowserOptions options) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"window.__wagrpcConfig = {{ readyTimeoutMs: {options.ReadyTimeoutSeconds * 1000}, downloadMedia: {(options.DownloadMedia ? "true" : "false")} }};\n")
        + Source.Value;
}
