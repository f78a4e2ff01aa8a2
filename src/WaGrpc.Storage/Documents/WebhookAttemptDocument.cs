using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>One POST to the webhook (only the most recent ones are kept).</summary>
public sealed class WebhookAttemptDocument
{
    [BsonId(false)]
    public long Id { get; set; }

    /// <summary>When the POST started, unix milliseconds.</summary>
    public long Time { get; set; }

    /// <summary>The delivery's batch id.</summary>
    public long BatchId { get; set; }

    /// <summary>Message or Ack.</summary>
    public EventKind Kind { get; set; }

    /// <summary>How many events the POST carried.</summary>
    public int EventCount { get; set; }

    /// <summary>1 for the first POST of the delivery, then 2, 3, ...</summary>
    public int Attempt { get; set; }

    /// <summary>The HTTP status; 0 when there was no answer (refused, timed out, ...).</summary>
    public int HttpStatus { get; set; }

    /// <summary>Empty when delivered, else why it failed.</summary>
    public string Error { get; set; } = "";

    /// <summary>True when the receiver answered 2xx.</summary>
    public bool Delivered { get; set; }

    /// <summary>How long the POST took, milliseconds.</summary>
    public long DurationMs { get; set; }

    /// <summary>The wait before the next attempt, when one was scheduled.</summary>
    public long? RetryDelayMs { get; set; }

    /// <summary>What followed: delivered, retry or dead-letter.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>The URL posted to.</summary>
    public string Url { get; set; } = "";
}
