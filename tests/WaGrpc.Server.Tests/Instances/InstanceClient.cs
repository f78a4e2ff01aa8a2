using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>
/// One instance as its users reach it: REST under /instance&lt;id&gt;/ with its token, gRPC with
/// "x-wagrpc-instance: &lt;id&gt;" and its token as a bearer.
/// </summary>
public sealed class InstanceClient(GatewayHost host, string id, string token) : IDisposable
{
    private GrpcChannel? _channel;

    public string Id { get; } = id;

    public string Token { get; } = token;

    public GatewayHost Host { get; } = host;

    /// <summary>The instance's REST path for <paramref name="pathAndQuery"/>, with its token.</summary>
    public string Url(string pathAndQuery) =>
        "/instance" + Id + pathAndQuery + (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + Token;

    /// <summary>A gRPC channel that names the instance and sends its token.</summary>
    public GrpcChannel Grpc => _channel ??= Channel(Host, Id, Token);

    public static GrpcChannel Channel(GatewayHost host, string? instance, string token) =>
        GrpcChannel.ForAddress(host.GrpcUri, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", $"Bearer {token}");
                if (instance is not null)
                {
                    metadata.Add("x-wagrpc-instance", instance);
                }

                return Task.CompletedTask;
            })),
            UnsafeUseInsecureChannelCallCredentials = true,
        });

    public async Task<(HttpResponseMessage Response, JsonNode? Json)> GetAsync(string pathAndQuery)
    {
        var response = await Host.Rest.GetAsync(Url(pathAndQuery)).DefaultTimeout();
        return (response, await ReadAsync(response));
    }

    public async Task<JsonNode> GetOkAsync(string pathAndQuery)
    {
        var (response, json) = await GetAsync(pathAndQuery);
        Assert.True(response.IsSuccessStatusCode && json is not null, $"{Id} {pathAndQuery}: {(int)response.StatusCode} {json}");
        return json!;
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Json)> PostAsync(string pathAndQuery, object body)
    {
        var response = await Host.Rest.PostAsJsonAsync(Url(pathAndQuery), body).DefaultTimeout();
        return (response, await ReadAsync(response));
    }

    public async Task<JsonNode> PostOkAsync(string pathAndQuery, object body)
    {
        var (response, json) = await PostAsync(pathAndQuery, body);
        Assert.True(response.IsSuccessStatusCode && json is not null, $"{Id} {pathAndQuery}: {(int)response.StatusCode} {json}");
        return json!;
    }

    internal static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0 ? JsonNode.Parse(text) : null;
    }

    public void Dispose() => _channel?.Dispose();
}
