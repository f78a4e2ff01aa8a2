using LiteDB;

namespace WaGrpc.Sandbox.Network;

/// <summary>The device linked to the sandbox account (at most one).</summary>
public sealed class LinkedDevice
{
    public const string SingletonId = "linked";

    [BsonId(false)]
    public string Id { get; set; } = SingletonId;

    public string Wid { get; set; } = "";

    public string DeviceId { get; set; } = "";

    public string Token { get; set; } = "";

    /// <summary>The identity key the page showed in the QR code it was linked with.</summary>
    public string IdentityKey { get; set; } = "";

    public long LinkedAt { get; set; }
}

/// <summary>A message to the linked account (from a contact, or from the account's own phone).</summary>
public sealed class InboxMessage
{
    [BsonId(false)]
    public long Seq { get; set; }

    public string SerializedId { get; set; } = "";

    public string KeyId { get; set; } = "";

    public string ChatId { get; set; } = "";

    /// <summary>The sender's wid ("&lt;digits&gt;@c.us").</summary>
    public string From { get; set; } = "";

    public bool FromMe { get; set; }

    public string Type { get; set; } = "chat";

    public string Body { get; set; } = "";

    public string SenderName { get; set; } = "";

    public long Time { get; set; }

    public string? Caption { get; set; }

    public string? MimeType { get; set; }

    public string? Filename { get; set; }

    public long? Size { get; set; }

    public string? DirectPath { get; set; }

    /// <summary>A location's pin and the text under it.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? Address { get; set; }

    /// <summary>A reply: the quoted message's key id, its author (the account or a contact) and its type and text.</summary>
    public string? QuotedKeyId { get; set; }

    public string? QuotedAuthor { get; set; }

    public string? QuotedType { get; set; }

    public string? QuotedBody { get; set; }

    public bool CiphertextFirst { get; set; }

    /// <summary>The page reported it holds the message.</summary>
    public bool DeliveredToDevice { get; set; }

    /// <summary>The account marked its chat read (the sender sees it read).</summary>
    public bool ReadByAccount { get; set; }

    /// <summary>A ciphertext-first message was made readable.</summary>
    public bool Decrypted { get; set; }
}

/// <summary>A message the linked account sent into the network, as its recipients received it.</summary>
public sealed class SentMessage
{
    [BsonId(false)]
    public long Seq { get; set; }

    public string SerializedId { get; set; } = "";

    public string KeyId { get; set; } = "";

    public string ChatId { get; set; } = "";

    /// <summary>The chat as the page sent to it, when that was not the phone id (a linked id).</summary>
    public string? WireChatId { get; set; }

    public string Type { get; set; } = "chat";

    public string Body { get; set; } = "";

    public string? Caption { get; set; }

    public string? MimeType { get; set; }

    public string? Filename { get; set; }

    public long? Size { get; set; }

    public string? DirectPath { get; set; }

    public long Time { get; set; }

    /// <summary>A location: the pin and the text under it.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? Address { get; set; }

    /// <summary>A contact card's name; several cards (multi_vcard), each vCard text.</summary>
    public string? VCardName { get; set; }

    public List<string>? VCards { get; set; }

    /// <summary>A link's preview: subtype "url", title, description, canonical URL, thumbnail (base64).</summary>
    public string? Subtype { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? CanonicalUrl { get; set; }

    public string? Thumbnail { get; set; }

    /// <summary>Forwarded, and how many times along the way.</summary>
    public bool IsForwarded { get; set; }

    public int ForwardingScore { get; set; }

    /// <summary>1 server, 2 delivered to the recipient, 3 read.</summary>
    public int Ack { get; set; } = 1;

    /// <summary>The highest ack the linked device was told about.</summary>
    public int AckPushed { get; set; } = 1;

    /// <summary>"web" (the linked device) or "phone" (the account's phone).</summary>
    public string Source { get; set; } = "web";
}

/// <summary>A group in the network.</summary>
public sealed class SandboxGroup
{
    [BsonId(false)]
    public string Gid { get; set; } = "";

    public string Subject { get; set; } = "";

    public List<string> Participants { get; set; } = [];

    public string Creator { get; set; } = "";

    /// <summary>The admins besides the creator (who is always one).</summary>
    public List<string> Admins { get; set; } = [];

    public long Created { get; set; }

    /// <summary>True for the creator and the admins.</summary>
    public bool IsAdmin(string wid) => wid == Creator || Admins.Contains(wid);
}

/// <summary>A named sequence.</summary>
public sealed class SandboxSequence
{
    [BsonId(false)]
    public string Name { get; set; } = "";

    public long Value { get; set; }
}
