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

    /// <summary>The instance id sent in webhook bodies.</summary>
    public string InstanceId { get; set; } = "1";

    /// <summary>
    /// The gateway's address as clients reach it (behind a proxy, say), for the media URLs in
    /// message bodies; empty: the Rest endpoint.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>How long incoming media is kept (then removed); default 30 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan MediaRetention { get; set; } = TimeSpan.FromDays(30);
}
