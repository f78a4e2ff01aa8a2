using System.Security.Cryptography;

namespace WaGrpc.Core.Messaging;

/// <summary>Message ids in WhatsApp Web's own form.</summary>
public static class MessageIds
{
    /// <summary>A new key id as WhatsApp Web makes them: "3EB0" and uppercase hex.</summary>
    public static string NewKeyId() => "3EB0" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>The serialized id of an outgoing message: "true_&lt;chatId&gt;_&lt;keyId&gt;".</summary>
    public static string Outgoing(string chatId, string keyId) => $"true_{chatId}_{keyId}";

    /// <summary>
    /// True for a serialized message id: "true|false_&lt;chatId&gt;_&lt;keyId&gt;", in a group an
    /// incoming one also with "_&lt;author&gt;" (a chat id), keys of 4 to 64 letters and digits.
    /// </summary>
    public static bool IsMessageId(string id)
    {
        var parts = id.Split('_');
        if (parts.Length is < 3 or > 4 || parts[0] is not ("true" or "false") || !ChatIds.IsChatId(parts[1]))
        {
            return false;
        }

        var key = parts[2];
        return key.Length is >= 4 and <= 64 && key.All(char.IsAsciiLetterOrDigit) && (parts.Length == 3 || ChatIds.IsChatId(parts[3]));
    }
}
