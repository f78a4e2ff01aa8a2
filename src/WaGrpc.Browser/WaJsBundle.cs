using System.Security.Cryptography;
using System.Text.Json;

namespace WaGrpc.Browser;

/// <summary>
/// The @wppconnect/wa-js bundle the engine injects into WhatsApp Web, before the page's own
/// scripts: the pinned release embedded in this assembly (WaJs/wppconnect-wa.js, unmodified, with
/// its version and sha256 in WaJs/wa-js.json), or the file named by
/// <see cref="BrowserOptions.WaJsPath"/> (a newer release an operator drops in).
/// </summary>
/// <param name="Source">The script, byte for byte as released.</param>
/// <param name="PinnedVersion">The pinned release's version; null for a bundle loaded from a path.</param>
/// <param name="Sha256">The script's sha256, lowercase hex.</param>
/// <param name="Origin">"embedded" or the path it was read from.</param>
public sealed record WaJsBundle(string Source, string? PinnedVersion, string Sha256, string Origin)
{
    /// <summary>
    /// wa-js's settings, which it reads once as it loads (window.WPPConfig), so they go in front of
    /// it. Google Analytics off: by default every wa-js page reports to Google Analytics (the page's
    /// address, the WhatsApp Web and wa-js versions, a client id it keeps in localStorage, the
    /// errors it catches); a self-hosted gateway's pages report to no one.
    /// </summary>
    public const string Settings = "window.WPPConfig = Object.assign({}, window.WPPConfig, { disableGoogleAnalytics: true });\n";

    /// <summary>The pinned release: what WaJs/wa-js.json records.</summary>
    public static WaJsPin Pin { get; } = ReadPin();

    /// <summary>The bundle to inject: <paramref name="path"/> when set, else the embedded pinned release.</summary>
    public static WaJsBundle Load(string? path)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            var fullPath = Path.GetFullPath(path);
            if (!File.Exists(fullPath))
            {
                throw new FileNotFoundException($"WaGrpc:Browser:WaJsPath names no file: {fullPath}", fullPath);
            }

            var bytes = File.ReadAllBytes(fullPath);
            return new WaJsBundle(System.Text.Encoding.UTF8.GetString(bytes), null, HashOf(bytes), fullPath);
        }

        return Embedded.Value;
    }

    /// <summary>The init script the engine installs: <see cref="Settings"/>, then the bundle as released.</summary>
    public string InitScript() => Settings + Source;

    /// <summary>The lowercase hex sha256 of some bytes.</summary>
    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static readonly Lazy<WaJsBundle> Embedded = new(() =>
    {
        var bytes = ReadResource("wppconnect-wa.js");
        var sha256 = HashOf(bytes);
        if (sha256 != Pin.Sha256)
        {
            throw new InvalidOperationException($"The embedded wa-js bundle (sha256 {sha256}) is not the pinned release {Pin.Version} (sha256 {Pin.Sha256}).");
        }

        return new WaJsBundle(System.Text.Encoding.UTF8.GetString(bytes), Pin.Version, sha256, "embedded");
    });

    private static WaJsPin ReadPin() =>
        JsonSerializer.Deserialize<WaJsPin>(ReadResource("wa-js.json"), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidOperationException("wa-js.json is empty.");

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(WaJsBundle).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

/// <summary>The pinned wa-js release, as WaJs/wa-js.json records it (written by WaJs/update.sh).</summary>
/// <param name="Package">The npm package.</param>
/// <param name="Version">Its version.</param>
/// <param name="Integrity">The npm tarball's integrity (sha512).</param>
/// <param name="Sha256">The bundle's sha256, lowercase hex.</param>
public sealed record WaJsPin(string Package, string Version, string Integrity, string Sha256);
