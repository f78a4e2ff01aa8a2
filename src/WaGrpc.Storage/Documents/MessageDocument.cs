using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>A message in the log; <see cref="MessageNumber"/> is its sequence number.</summary>
public sealed class MessageDocument
{
    [BsonId(false)]
    public long MessageNumber { get; set; }

    /// <summary>The WhatsApp id, unique ("&lt;fromMe&gt;_&lt;chatId&gt;_&lt;msgid&gt;").</summary>
    public string WaId { get; set; } = "";

    public string ChatId { get; set; } = "";

    /// <summary>The text; empty for a message with <see cref="MediaId"/> (older rows of media messages hold their URL of then).</summary>
    public string Body { get; set; } = "";

    /// <summary>
    /// The kept media of a media message (<see cref="MediaStore"/>); the body shown is its URL,
    /// built when the message is shown, so it follows the gateway's address of the moment.
    /// </summary>
    public string? MediaId { get; set; }

    public string Type { get; set; } = "chat";

    public string SenderName { get; set; } = "";

    public bool FromMe { get; set; }

    public string Author { get; set; } = "";

    /// <summary>Unix seconds.</summary>
    public long Time { get; set; }

    public string? Caption { get; set; }

    public string? QuotedMsgId { get; set; }

    public string? QuotedMsgBody { get; set; }

    /// <summary>The kept media of the quoted message, when that message is a logged media message: the quoted body shown is its URL.</summary>
    public string? QuotedMediaId { get; set; }

    public string? ChatName { get; set; }

    /// <summary>The highest ack seen for an outgoing message (see AckLevel).</summary>
    public int? Ack { get; set; }

    /// <summary>The outbound queue number, for messages this gateway sent.</summary>
    public long? QueueNumber { get; set; }

    /// <summary>When its webhook was posted (answered 2xx), unix milliseconds; null before.</summary>
    public long? WebhookSent { get; set; }

    public MessageDocument Clone() => (MessageDocument)MemberwiseClone();
}
