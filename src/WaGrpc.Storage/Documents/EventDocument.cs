using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>One row of the event log; <see cref="Cursor"/> is its sequence number.</summary>
public sealed class EventDocument
{
    [BsonId(false)]
    public long Cursor { get; set; }

    /// <summary>When it was recorded, unix milliseconds.</summary>
    public long Time { get; set; }

    public EventKind Kind { get; set; }

    /// <summary>The chat it concerns ("" for status events).</summary>
    public string ChatId { get; set; } = "";

    /// <summary>A snapshot of the message, for message events.</summary>
    public MessageDocument? Message { get; set; }

    /// <summary>The ack, for ack events.</summary>
    public AckRecord? Ack { get; set; }

    /// <summary>The status, for status events.</summary>
    public StatusRecord? Status { get; set; }
}

/// <summary>The kinds of event in the log.</summary>
public enum EventKind
{
    Message = 1,
    Ack = 2,
    Status = 3,
}

/// <summary>An ack event.</summary>
public sealed class AckRecord
{
    public string MessageId { get; set; } = "";

    public string ChatId { get; set; } = "";

    /// <summary>sent, delivered or viewed.</summary>
    public string Status { get; set; } = "";

    public long? QueueNumber { get; set; }
}

/// <summary>A status event.</summary>
public sealed class StatusRecord
{
    /// <summary>The legacy account status name.</summary>
    public string AccountStatus { get; set; } = "";

    public string Reason { get; set; } = "";

    /// <summary>Left out of the status history (/instanceStatuses) because the setting instanceStatuses was off.</summary>
    public bool? Hidden { get; set; }
}
