using System.Security.Cryptography;
using System.Text;

namespace WaGrpc.Server.Tests.Webhooks;

/// <summary>
/// The receiver's verification snippet from README.md ("Verifying a webhook"), word for word
/// between the markers; <see cref="WebhookSignatureTests"/> checks that README still holds
/// exactly this code and runs it against real POSTs.
/// </summary>
internal static class WebhookSignatureSnippet
{
    public const string BeginMarker = "// --- README snippet begins ---";
    public const string EndMarker = "// --- README snippet ends ---";

    public static bool Verify(string secret, string timestamp, byte[] body, string signature, DateTimeOffset now) =>
        VerifyWaGrpcSignature(secret, timestamp, body, signature, now);

    // --- README snippet begins ---
    // X-WaGrpc-Signature: "sha256=" + lowercase hex of HMAC-SHA256(key: secret as UTF-8,
    // data: "<X-WaGrpc-Timestamp>." as ASCII followed by the raw body bytes).
    static bool VerifyWaGrpcSignature(string secret, string timestamp, byte[] body, string signature, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false; // missing, malformed, or more than 5 minutes off: refuse (replayed request)
        }

        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
    // --- README snippet ends ---
}
