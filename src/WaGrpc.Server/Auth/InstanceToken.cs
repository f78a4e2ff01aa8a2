using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Auth;

/// <summary>
/// The instance's API token: WaGrpc:Token when configured; otherwise the one kept in the data
/// directory ("token"), generated and printed once on first start.
/// </summary>
public sealed class InstanceToken
{
    private readonly byte[] _token;

    public InstanceToken(IOptions<WaGrpcOptions> options)
    {
        var configured = options.Value.Token.Trim();
        if (configured.Length == 0)
        {
            configured = LoadOrCreate(Path.GetFullPath(options.Value.DataDir));
        }

        Value = configured;
        _token = Encoding.UTF8.GetBytes(configured);
        Id = Convert.ToHexStringLower(SHA256.HashData(_token))[..16];
    }

    /// <summary>The token.</summary>
    public string Value { get; }

    /// <summary>Names the token without revealing it (a digest): the rate limiter's partition.</summary>
    public string Id { get; }

    /// <summary>True when <paramref name="candidate"/> is the token (constant-time).</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);

    private static string LoadOrCreate(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, "token");
        if (File.Exists(path))
        {
            var stored = File.ReadAllText(path).Trim();
            if (stored.Length > 0)
            {
                return stored;
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var temp = path + ".tmp";
        File.WriteAllText(temp, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        // Printed once, on the console only (never logged): the operator needs it to call the API.
        Console.WriteLine($"WaGrpc: generated an API token (kept in {path}): {token}");
        return token;
    }
}
