using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WaGrpc.Bench;

/// <summary>
/// One instance (WhatsApp number) of a bench gateway: its id and token, its paths (the default
/// instance's unprefixed, the others' under /instance&lt;id&gt;/) and its Chromium profile.
/// </summary>
public sealed record BenchInstance(string Id, string Token, bool IsDefault = false)
{
    /// <summary>The default instance of a gateway started with the bench's token.</summary>
    public static readonly BenchInstance Default = new("1", GatewayChild.Token, IsDefault: true);

    /// <summary>What its paths start with.</summary>
    public string Prefix => IsDefault ? "" : "/instance" + Id;

    /// <summary><paramref name="path"/> of this instance, with its token.</summary>
    public string Path(string path) => $"{Prefix}{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}token={Token}";

    /// <summary>Creates instance <paramref name="id"/> through the admin API (POST /instances).</summary>
    public static async Task<BenchInstance> CreateAsync(HttpClient http, string adminToken, string id)
    {
        using var response = await http.PostAsJsonAsync($"/instances?token={adminToken}", new { instanceId = id });
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (!response.IsSuccessStatusCode || json?["token"] is null)
        {
            throw new InvalidOperationException($"creating instance {id}: {(int)response.StatusCode} {json}");
        }

        return new BenchInstance((string)json["instanceId"]!, (string)json["token"]!);
    }

    /// <summary>Its Chromium profile in a gateway whose WaGrpc:DataDir is <paramref name="dataDir"/> (what --user-data-dir names).</summary>
    public string ProfileDir(string dataDir) => IsDefault
        ? System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDir), "browser-profile")
        : System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDir), "instances", Id, "browser-profile");
}
