using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>
/// An event waiting to be posted to the webhook; <see cref="Id"/> is its sequence number (the
/// order it is posted in). Written in the same commit as its event row.
/// </summary>
public sealed class WebhookOutboxDocument
{
    [BsonId(false)]
    public long Id { get; set; }

    /// <summary>The cursor of the event row it was recorded with.</summary>
    public long Cursor { get; set; }

    /// <summary>Message or Ack.</summary>
    public EventKind Kind { get; set; }

    /// <summary>When it was recorded, unix milliseconds (its age counts from here).</summary>
    public long Created { get; set; }

    /// <summary>
    /// The delivery (one POST) it belongs to, set at its first attempt and kept through retries,
    /// restarts and replays: it names the POST in X-WaGrpc-Event-Id. Null before the first attempt.
    /// </summary>
    public long? BatchId { get; set; }

    /// <summary>A snapshot of the message, for message events.</summary>
    public MessageDocument? Message { get; set; }

    /// <summary>The ack, for ack events.</summary>
    public AckRecord? Ack { get; set; }

    /// <summary>The status, for status events.</summary>
    public StatusRecord? Status { get; set; }
}
