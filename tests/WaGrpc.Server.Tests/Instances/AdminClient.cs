using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>The admin API over REST, with the admin token.</summary>
public sealed class AdminClient(GatewayHost host, string token = AdminClient.Token)
{
    public const string Token = "admin-token-456";

    /// <summary>Settings that turn the admin API on.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["WaGrpc:AdminToken"] = Token };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Json)> CreateAsync(object? body = null)
    {
        var response = await host.Rest.PostAsJsonAsync("/instances?token=" + token, body ?? new { }).DefaultTimeout();
        return (response, await InstanceClient.ReadAsync(response));
    }

    /// <summary>Creates an instance; asserts it was; answers a client for it.</summary>
    public async Task<InstanceClient> CreateOkAsync(string? id = null)
    {
        var (response, json) = await CreateAsync(id is null ? new { } : new { instanceId = id });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"create: {(int)response.StatusCode} {json}");
        return new InstanceClient(host, (string)json!["instanceId"]!, (string)json["token"]!);
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Json)> ListAsync()
    {
        var response = await host.Rest.GetAsync("/instances?token=" + token).DefaultTimeout();
        return (response, await InstanceClient.ReadAsync(response));
    }

    /// <summary>The listed instances by id.</summary>
    public async Task<Dictionary<string, JsonNode>> ListOkAsync()
    {
        var (response, json) = await ListAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"list: {(int)response.StatusCode} {json}");
        return ((JsonArray)json!["instances"]!).ToDictionary(i => (string)i!["instanceId"]!, i => i!);
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Json)> DeleteAsync(string id)
    {
        var response = await host.Rest.DeleteAsync($"/instances/{Uri.EscapeDataString(id)}?token=" + token).DefaultTimeout();
        return (response, await InstanceClient.ReadAsync(response));
    }
}
