using System.ComponentModel.DataAnnotations;

namespace WaGrpc.Server.Auth;

/// <summary>
/// Requests per token ("WaGrpc:RateLimit"): at most <see cref="PermitLimit"/> in each window of
/// <see cref="Window"/>; above it REST answers 429 <c>{"error"}</c> with Retry-After and gRPC
/// RESOURCE_EXHAUSTED. Requests without a valid token count per client address. A stream counts once.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "WaGrpc:RateLimit";

    /// <summary>Requests allowed per window; 0 turns the limit off.</summary>
    [Range(0, 10_000_000)]
    public int PermitLimit { get; set; } = 3000;

    /// <summary>The window's length.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
