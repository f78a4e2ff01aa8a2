using System.Security.Cryptography;

namespace WaGrpc.Core.Messaging;

/// <summary>Message ids in WhatsApp Web's own form.</summary>
public static class MessageIds
{
    /// <summary>A new key id as WhatsApp Web makes them: "3EB0" and uppercase hex.</summary>
    public static string NewKeyId() => "3EB0" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>The serialized id of an outgoing message: "true_&lt;chatId&gt;_&lt;keyId&gt;".</summary>
    public static string Outgoing(string chatId, string keyId) => $"true_{chatId}_{keyId}";
}
