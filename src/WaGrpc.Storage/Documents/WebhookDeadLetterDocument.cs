using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>A delivery given up on (too old, or refused by the receiver), kept until it is replayed.</summary>
public sealed class WebhookDeadLetterDocument
{
    /// <summary>The delivery's batch id (as in X-WaGrpc-Event-Id).</summary>
    [BsonId(false)]
    public long BatchId { get; set; }

    /// <summary>Message or Ack.</summary>
    public EventKind Kind { get; set; }

    /// <summary>The events of the delivery, oldest first, as they were in the outbox.</summary>
    public List<WebhookOutboxDocument> Events { get; set; } = [];

    /// <summary>When its oldest event was recorded, unix milliseconds.</summary>
    public long FirstCreated { get; set; }

    /// <summary>When it was given up, unix milliseconds.</summary>
    public long DeadAt { get; set; }

    /// <summary>How many POSTs were tried (in the last run of the sender that tried it).</summary>
    public int Attempts { get; set; }

    /// <summary>The last HTTP status; 0 when there was no answer.</summary>
    public int LastHttpStatus { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string LastError { get; set; } = "";

    /// <summary>The URL it was posted to.</summary>
    public string Url { get; set; } = "";
}
