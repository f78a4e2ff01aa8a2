using System.Text;

namespace WaGrpc.Sandbox.Api;

/// <summary>
/// The stand-in's script, /sandbox/web/wa-web.js: its module files (Web/js/*.js) joined in order
/// into one bundle, as WhatsApp Web serves its modules. One script defines every module in one go,
/// so a library that waits for the page's module graph to settle (wa-js waits 750 ms without a new
/// module) never sees it half-defined, however slowly separate files would arrive.
/// </summary>
public static class StandInScript
{
    /// <summary>The module files, in the order they are defined (the loader first, the boot last).</summary>
    public static readonly IReadOnlyList<string> Files =
        ["loader", "events", "ids", "models", "session", "account", "contacts", "device", "link", "chats", "frames", "send", "groups", "media", "stores", "pairing", "view", "boot"];

    private static readonly Lazy<string> Source = new(() =>
    {
        var bundle = new StringBuilder();
        foreach (var file in Files)
        {
            using var stream = typeof(StandInScript).Assembly.GetManifestResourceStream($"sandbox/web/js/{file}.js")
                ?? throw new InvalidOperationException($"The stand-in module file js/{file}.js is not embedded.");
            using var reader = new StreamReader(stream);
            bundle.Append("// ---- js/").Append(file).Append(".js\n").Append(reader.ReadToEnd()).Append('\n');
        }

        return bundle.ToString();
    });

    /// <summary>The joined script.</summary>
    public static string Text => Source.Value;
}
