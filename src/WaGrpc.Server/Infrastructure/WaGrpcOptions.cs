using System.ComponentModel.DataAnnotations;

namespace WaGrpc.Server.Infrastructure;

/// <summary>The instance's main settings, from the "WaGrpc" configuration section.</summary>
public sealed class WaGrpcOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WaGrpc";

    /// <summary>
    /// The API token (REST: ?token=, gRPC: "authorization: Bearer"). When empty, one is generated
    /// on first start, kept in the data directory and printed once.
    /// </summary>
    public string Token { get; set; } = "";

    /// <summary>The data directory. Default "./data".</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Runs against the local WhatsApp Web stand-in instead of https://web.whatsapp.com/.</summary>
    public bool Sandbox { get; set; }

    /// <summary>
    /// The default instance's id: sent in its webhook bodies, and the /instance&lt;id&gt;/ prefix that
    /// also reaches it. Default "1".
    /// </summary>
    public string InstanceId { get; set; } = "1";

    /// <summary>
    /// The admin API's token (POST/GET /instances, DELETE /instances/{id}, gRPC AdminService), as
    /// "authorization: Bearer" or ?token=. Empty: the admin API refuses every call.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// This gateway's shard number when several share the instances (a Kubernetes StatefulSet pod's
    /// ordinal): the ids it gives start with "&lt;shard&gt;-" so a router finds them. Empty: no sharding.
    /// </summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("^[0-9]{1,9}$", ErrorMessage = "WaGrpc:Shard must be a non-negative integer (the pod's ordinal).")]
    public string? Shard { get; set; }

    /// <summary>
    /// The gateway's address as clients reach it (behind a proxy, say), for the media URLs in
    /// message bodies; empty: the Rest endpoint.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>How long incoming media is kept (then removed); default 30 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan MediaRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The shortest time between two flushes of a live event stream (StreamEvents, GET /events):
    /// events that come sooner after a flush go out together with the next one; an event after a
    /// quiet spell goes out at once. Default 10 ms; 0 flushes every event at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan StreamFlushInterval { get; set; } = TimeSpan.FromMilliseconds(10);
}
