using System.ComponentModel.DataAnnotations;

namespace WaGrpc.Server.Infrastructure;

/// <summary>How queued messages are sent. Section "WaGrpc:Outbound".</summary>
public sealed class OutboundOptions
{
    /// <summary>Pause between two sends of the session, in milliseconds (lowers the risk of a ban).</summary>
    [Range(0, 600_000)]
    public int SendDelayMs { get; set; } = 500;

    /// <summary>Random extra pause added to <see cref="SendDelayMs"/>, up to this many milliseconds.</summary>
    [Range(0, 600_000)]
    public int SendJitterMs { get; set; } = 500;

    /// <summary>
    /// Sends in flight at once when sends are not paced (<see cref="SendDelayMs"/> and
    /// <see cref="SendJitterMs"/> both 0): up to this many queued entries go to the page together,
    /// one chat's entries one after another so each chat keeps its order. Paced sends go one at a time.
    /// </summary>
    [Range(1, 256)]
    public int MaxInFlight { get; set; } = 32;

    /// <summary>True when there is a pause between sends (then they go one at a time).</summary>
    public bool Paced => SendDelayMs > 0 || SendJitterMs > 0;

    /// <summary>How long /group waits for the group to be created before answering without its chatId, in seconds.</summary>
    [Range(0, 300)]
    public int GroupCreateWaitSeconds { get; set; } = 20;

    /// <summary>First retry delay after a failed send, in milliseconds; it doubles up to <see cref="MaxRetryDelayMs"/>.</summary>
    [Range(1, 3_600_000)]
    public int RetryDelayMs { get; set; } = 2_000;

    /// <summary>Longest retry delay, in milliseconds.</summary>
    [Range(1, 86_400_000)]
    public int MaxRetryDelayMs { get; set; } = 300_000;

    /// <summary>The wait before the next try after <paramref name="attempts"/> failed ones (sends and actions).</summary>
    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelayMs, RetryDelayMs * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>Largest file accepted by /sendFile (data URI, upload or download), in bytes.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The largest request body (REST) or message (gRPC) accepted: a file of <see cref="MaxFileBytes"/>
    /// as base64 (4/3) plus 64 KiB for the rest of the request. Larger requests answer 413 / RESOURCE_EXHAUSTED.
    /// </summary>
    public long MaxRequestBytes => (MaxFileBytes * 4 / 3) + (64 * 1024);

    /// <summary>
    /// Hosts (names or IP addresses) that /sendFile URLs may be fetched from although they are
    /// internal (loopback, private, link-local...); everything internal is refused otherwise.
    /// </summary>
    public List<string> AllowedFetchHosts { get; set; } = [];

    /// <summary>Time limit for downloading a file given by URL, in seconds.</summary>
    [Range(1, 3_600)]
    public int DownloadTimeoutSeconds { get; set; } = 60;
}
