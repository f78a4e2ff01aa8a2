using LiteDB;

namespace WaGrpc.Sandbox.Network;

/// <summary>
/// The network's run-time settings (PUT /sandbox/api/settings), kept in its store. The timings stay
/// whole milliseconds (AutoDeliverMs...), unlike the gateway's TimeSpan options: they are the JSON
/// shape of that API and of the stored document, where a negative delay means "only on command".
/// </summary>
public sealed class SandboxSettings
{
    [BsonId(false)]
    public string Id { get; set; } = "settings";

    /// <summary>Delay before an outgoing message is delivered to its recipient (ack 2); negative: only on command.</summary>
    public int AutoDeliverMs { get; set; } = 500;

    /// <summary>Delay after delivery before it is read (ack 3); negative: only on command.</summary>
    public int AutoReadMs { get; set; } = 2_000;

    /// <summary>Numbers (digits) that are not on WhatsApp.</summary>
    public List<string> UnknownNumbers { get; set; } = [];

    /// <summary>How long the first QR code of a series lives.</summary>
    public int QrFirstMs { get; set; } = 60_000;

    /// <summary>How long each later QR code lives.</summary>
    public int QrNextMs { get; set; } = 20_000;

    /// <summary>How many QR codes a series has before the page goes idle (UNPAIRED_IDLE).</summary>
    public int QrRefs { get; set; } = 6;

    /// <summary>How long a ciphertext-first message stays unreadable on the device.</summary>
    public int CiphertextMs { get; set; } = 1_000;

    /// <summary>Whether the linked device has a connection.</summary>
    public bool NetworkOnline { get; set; } = true;

    /// <summary>Address people by linked ids (`@lid`) on the wire, as WhatsApp now does for migrated accounts.</summary>
    public bool LidAddressing { get; set; }
}
