using System.ComponentModel.DataAnnotations;

namespace WaGrpc.Server.Webhooks;

/// <summary>How webhooks are posted. Section "WaGrpc:Webhook".</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WaGrpc:Webhook";

    /// <summary>
    /// The HMAC-SHA256 key for X-WaGrpc-Signature; empty (the default) sends no signature.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>Most events in one POST (events of one kind that wait are sent together).</summary>
    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Time limit of one POST (a POST that takes longer counts as failed and is retried).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a failing delivery is retried, counted from when its oldest event was recorded; then it becomes a dead letter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry delay; it doubles on each further retry, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest retry delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Randomize retry delays (Polly's decorrelated jitter), so many gateways do not retry in step.</summary>
    public bool RetryJitter { get; set; } = true;

    /// <summary>
    /// Retry 3xx and 4xx answers (other than 408 and 429, which are always retried) like 5xx, until
    /// <see cref="MaxAge"/>. False (the default): such a delivery becomes a dead letter at once.
    /// </summary>
    public bool RetryClientErrors { get; set; }
}
