using LiteDB;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Storage.Documents;

/// <summary>One entry of the outbound queue; <see cref="QueueNumber"/> is its sequence number.</summary>
public sealed class QueueDocument
{
    [BsonId(false)]
    public long QueueNumber { get; set; }

    /// <summary>
    /// A new message to send to <paramref name="chatId"/>, under <paramref name="keyId"/> (a new one
    /// when null) and the full id that key gives: the id the API answers and the message carries.
    /// </summary>
    public static QueueDocument NewSend(QueueKind kind, string chatId, string body, string? keyId = null)
    {
        keyId ??= MessageIds.NewKeyId();
        return new QueueDocument { Kind = kind, ChatId = chatId, KeyId = keyId, MessageId = MessageIds.Outgoing(chatId, keyId), Body = body };
    }

    public QueueKind Kind { get; set; }

    public QueueState State { get; set; }

    /// <summary>The target chat; for a group, empty until it is created.</summary>
    public string ChatId { get; set; } = "";

    /// <summary>The WhatsApp key id chosen at enqueue ("3EB0...").</summary>
    public string KeyId { get; set; } = "";

    /// <summary>The full message id ("true_&lt;chatId&gt;_&lt;keyId&gt;"), empty for a group.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>The text; a file's source (URL or file name); a group's first message; a vCard; a link; a forwarded message's id; a location's "lat;lng".</summary>
    public string Body { get; set; } = "";

    public string? Filename { get; set; }

    public string? Caption { get; set; }

    public string? MimeType { get; set; }

    /// <summary>The id of the file in the database's file storage, for uploaded files.</summary>
    public string? FileId { get; set; }

    public string? QuotedMsgId { get; set; }

    /// <summary>Phones (digits) mentioned in the text.</summary>
    public List<string>? MentionedPhones { get; set; }

    public string? GroupName { get; set; }

    public List<string>? Participants { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long Created { get; set; }

    /// <summary>The last attempt, unix milliseconds; null before the first.</summary>
    public long? LastTry { get; set; }

    /// <summary>When it may be tried next, unix milliseconds (backoff).</summary>
    public long NotBefore { get; set; }

    public int Attempts { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? Error { get; set; }

    /// <summary>The group's chat id once created.</summary>
    public string? ResultChatId { get; set; }

    /// <summary>The group's invite link, when the engine gave one.</summary>
    public string? InviteLink { get; set; }

    /// <summary>When it went out, unix milliseconds.</summary>
    public long? Sent { get; set; }

    /// <summary>A location's latitude and longitude (degrees) and the text under its pin.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? Address { get; set; }

    /// <summary>The contacts whose cards are sent.</summary>
    public List<string>? ContactIds { get; set; }

    /// <summary>A vCard's formatted name; a link preview's title and description.</summary>
    public string? DisplayName { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    /// <summary>A link preview's image, base64.</summary>
    public string? ThumbnailBase64 { get; set; }

    /// <summary>The highest ack WhatsApp reported before the message's log row was written (it gets it then).</summary>
    public int? EarlyAck { get; set; }
}

/// <summary>What a queue entry sends.</summary>
public enum QueueKind
{
    Text = 1,
    File = 2,
    /// <summary>A group to create with its first message (queued by versions before the actions queue).</summary>
    Group = 3,

    /// <summary>A pin on the map (Latitude, Longitude, Address).</summary>
    Location = 4,

    /// <summary>Contact cards of WhatsApp users (ContactIds).</summary>
    Contact = 5,

    /// <summary>A vCard given as text (Body).</summary>
    VCard = 6,

    /// <summary>A link (Body) with its preview (Title, Description, ThumbnailBase64).</summary>
    Link = 7,

    /// <summary>A voice note: a file sent as push-to-talk.</summary>
    Ptt = 8,

    /// <summary>A forward of the message whose id is the Body.</summary>
    Forward = 9,
}

/// <summary>Where a queue entry stands.</summary>
public enum QueueState
{
    /// <summary>Waiting to be sent (also between retries).</summary>
    Pending = 1,

    /// <summary>An attempt started; after a crash the dispatcher first asks whether it went out.</summary>
    Sending = 2,

    /// <summary>Went out.</summary>
    Sent = 3,

    /// <summary>Given up: cannot be sent (see Error).</summary>
    Failed = 4,
}
