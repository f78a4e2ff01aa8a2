using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>One entry of the outbound queue; <see cref="QueueNumber"/> is its sequence number.</summary>
public sealed class QueueDocument
{
    [BsonId(false)]
    public long QueueNumber { get; set; }

    public QueueKind Kind { get; set; }

    public QueueState State { get; set; }

    /// <summary>The target chat; for a group, empty until it is created.</summary>
    public string ChatId { get; set; } = "";

    /// <summary>The WhatsApp key id chosen at enqueue ("3EB0...").</summary>
    public string KeyId { get; set; } = "";

    /// <summary>The full message id ("true_&lt;chatId&gt;_&lt;keyId&gt;"), empty for a group.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>The text; a file's source (URL or "stored:&lt;fileId&gt;"); a group's first message.</summary>
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

    /// <summary>The highest ack WhatsApp reported before the message's log row was written (it gets it then).</summary>
    public int? EarlyAck { get; set; }
}

/// <summary>What a queue entry sends.</summary>
public enum QueueKind
{
    Text = 1,
    File = 2,
    Group = 3,
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
