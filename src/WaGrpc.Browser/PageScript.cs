using System.Globalization;
using System.Text;

namespace WaGrpc.Browser;

/// <summary>
/// The bridge script (Scripts/bridge/*.js, embedded): core, events and calls joined into one
/// function scope, with its settings in front. It runs on top of wa-js, injected before it.
/// </summary>
public static class PageScript
{
    private static readonly string[] Parts = ["core.js", "events.js", "calls.js"];

    private static readonly Lazy<string> Source = new(() =>
    {
        var script = new StringBuilder("(() => {\n'use strict';\n");
        foreach (var part in Parts)
        {
            using var stream = typeof(PageScript).Assembly.GetManifestResourceStream("bridge/" + part)
                ?? throw new InvalidOperationException($"The embedded bridge script bridge/{part} is missing.");
            using var reader = new StreamReader(stream);
            script.Append(reader.ReadToEnd()).Append('\n');
        }

        return script.Append("})();\n").ToString();
    });

    /// <summary>The script to install with AddInitScriptAsync (after wa-js).</summary>
    public static string Build(BrowserOptions options) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"window.__wagrpcConfig = {{ readyTimeoutMs: {(long)options.ReadyTimeout.TotalMilliseconds}, downloadMedia: {(options.DownloadMedia ? "true" : "false")} }};\n")
        + Source.Value;
}
