using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Instances;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Auth;

/// <summary>
/// The instance's API token: for the default instance WaGrpc:Token when configured; otherwise the
/// one kept in the instance's data directory ("token"), generated and printed once on first start
/// (an instance created through the admin API has it written at creation).
/// </summary>
public sealed class InstanceToken
{
    /// <summary>The token file's name in an instance's data directory.</summary>
    public const string FileName = "token";

    private readonly byte[] _token;

    public InstanceToken(InstanceContext instance, IOptions<WaGrpcOptions> options)
    {
        var configured = instance.IsDefault ? options.Value.Token.Trim() : "";
        if (configured.Length == 0)
        {
            configured = LoadOrCreate(instance.DataDir);
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

    /// <summary>A new random token (40 hex characters).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>Writes <paramref name="token"/> as the token of the instance in <paramref name="dataDir"/> (owner-only, atomically).</summary>
    public static void Write(string dataDir, string token)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string LoadOrCreate(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var stored = File.ReadAllText(path).Trim();
            if (stored.Length > 0)
            {
                return stored;
            }
        }

        var token = NewToken();
        Write(dataDir, token);
        // Printed once, on the console only (never logged): the operator needs it to call the API.
        Console.WriteLine($"WaGrpc: generated an API token (kept in {path}): {token}");
        return token;
    }
}
