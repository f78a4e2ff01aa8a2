namespace WaGrpc.Core.Engine;

/// <summary>
/// A proxy for the browser: "[scheme://][user:pass@]host:port", scheme http (default), https,
/// socks4 or socks5; credentials only for http(s) (Chromium cannot authenticate to SOCKS).
/// </summary>
/// <param name="Server">"scheme://host:port".</param>
/// <param name="Username">The proxy user, or null.</param>
/// <param name="Password">The proxy password, or null.</param>
public sealed record ProxyAddress(string Server, string? Username, string? Password)
{
    private static readonly string[] Schemes = ["http", "https", "socks4", "socks5"];

    /// <summary>The proxy in <paramref name="text"/>; null for none (empty); an <see cref="ArgumentException"/> saying what is wrong otherwise.</summary>
    public static ProxyAddress? Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return null;
        }

        var withScheme = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme)
            || uri.Host.Length == 0 || uri.IsDefaultPort && !withScheme.Contains(":" + uri.Port, StringComparison.Ordinal)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ArgumentException($"'{value}' is not a proxy: use [http|https|socks4|socks5://][user:pass@]host:port");
        }

        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            if (uri.Scheme.StartsWith("socks", StringComparison.Ordinal))
            {
                throw new ArgumentException("Chromium cannot log in to a SOCKS proxy: give an http(s) proxy for a user and password");
            }

            var parts = uri.UserInfo.Split(':', 2);
            (user, password) = (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }

        return new ProxyAddress($"{uri.Scheme}://{uri.Host}:{uri.Port}", user, password);
    }
}
