using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Auth;

/// <summary>
/// The admin API's token (WaGrpc:AdminToken): it reaches the admin API only, and no instance's API.
/// Without it the admin API refuses every call.
/// </summary>
public sealed class AdminToken
{
    private readonly byte[]? _token;

    public AdminToken(IOptions<WaGrpcOptions> options)
    {
        var configured = options.Value.AdminToken?.Trim();
        if (!string.IsNullOrEmpty(configured))
        {
            _token = Encoding.UTF8.GetBytes(configured);
            Id = "admin-" + Convert.ToHexStringLower(SHA256.HashData(_token))[..16];
        }
    }

    /// <summary>True when an admin token is configured.</summary>
    public bool Configured => _token is not null;

    /// <summary>Names the token without revealing it (a digest): the rate limiter's partition.</summary>
    public string Id { get; } = "";

    /// <summary>True when <paramref name="candidate"/> is the admin token (constant-time).</summary>
    public bool Matches(string? candidate) =>
        _token is not null && candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
