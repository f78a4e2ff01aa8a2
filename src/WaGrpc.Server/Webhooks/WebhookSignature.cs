using System.Security.Cryptography;
using System.Text;

namespace WaGrpc.Server.Webhooks;

/// <summary>
/// The X-WaGrpc-Signature of a webhook POST: <c>sha256=&lt;lowercase hex&gt;</c> of
/// HMAC-SHA256, keyed with the UTF-8 bytes of the secret, over the ASCII bytes of
/// <c>"&lt;X-WaGrpc-Timestamp&gt;."</c> followed by the raw body bytes.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header value for a body sent at <paramref name="timestamp"/> (unix seconds, as sent in X-WaGrpc-Timestamp).</summary>
    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
