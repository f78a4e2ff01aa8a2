using System.ComponentModel.DataAnnotations;

namespace WaGrpc.Server.Infrastructure;

/// <summary>How queued messages are sent. Section "WaGrpc:Outbound".</summary>
public sealed class OutboundOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WaGrpc:Outbound";

    /// <summary>Pause between two sends of the session (lowers the risk of a ban).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SendDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Random extra pause added to <see cref="SendDelay"/>, up to this much.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SendJitter { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Sends in flight at once when sends are not paced (<see cref="SendDelay"/> and
    /// <see cref="SendJitter"/> both 0): up to this many queued entries go to the page together,
    /// one chat's entries one after another so each chat keeps its order. Paced sends go one at a time.
    /// </summary>
    [Range(1, 256)]
    public int MaxInFlight { get; set; } = 32;

    /// <summary>How long /group waits for the group to be created before answering without its chatId.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan GroupCreateWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>First retry delay after a failed send; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest retry delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before the next try after <paramref name="attempts"/> failed ones (sends and actions).</summary>
    public TimeSpan RetryDelayAfter(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1))));

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

    /// <summary>Time limit for downloading a file given by URL.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
