using WaGrpc.Core.Messaging;

namespace WaGrpc.Sandbox.Network;

// Addressing on the wire: by phone id (c.us) or, with the setting lidAddressing, by linked id
// (lid) as WhatsApp now addresses migrated accounts. The store and the phone API stay phone-based.
public sealed partial class SandboxNetwork
{
    /// <summary>The linked account's linked id.</summary>
    public string AccountLid => SandboxLids.LidOf(_options.Phone) + "@lid";

    /// <summary>A chat or person as the page sees it: a person's chat by LID when the network addresses by LIDs.</summary>
    private string ToWire(string chatId, bool lidAddressing) =>
        lidAddressing && ChatIds.IsPersonChat(chatId) && chatId.EndsWith("@c.us", StringComparison.Ordinal)
            ? SandboxLids.LidOf(chatId[..^"@c.us".Length]) + "@lid"
            : chatId;

    /// <summary>A message id the page named (`&lt;fromMe&gt;_&lt;chat&gt;_&lt;id&gt;[_&lt;participant&gt;]`), as the store keeps it.</summary>
    private static string StoreIdOf(string wireId)
    {
        var parts = wireId.Split('_');
        if (parts.Length < 3)
        {
            return wireId;
        }

        parts[1] = FromWire(parts[1]);
        if (parts.Length > 3 && parts[3].Length > 0)
        {
            parts[3] = FromWire(parts[3]);
        }

        return string.Join('_', parts);
    }

    /// <summary>A chat or person the page named, as the store keeps it (phone-based).</summary>
    private static string FromWire(string wid)
    {
        var bare = wid.Contains(':', StringComparison.Ordinal) ? wid[..wid.IndexOf(':', StringComparison.Ordinal)] + wid[wid.IndexOf('@', StringComparison.Ordinal)..] : wid;
        return bare.EndsWith("@lid", StringComparison.Ordinal) && SandboxLids.PhoneOf(bare[..^"@lid".Length]) is { } phone ? phone + "@c.us" : bare;
    }
}
