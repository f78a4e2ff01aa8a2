using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Deploy;

/// <summary>
/// The router's REST rules (deploy/k8s/router/routing.conf) in real nginx, in front of three stub
/// pods: which pod a path reaches, with what path, and that streams and WebSockets pass.
/// </summary>
[Collection(RouterCollection.Name)]
public sealed class RouterRestTests(RouterFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Router.RestUri, Timeout = TaskTimeoutExtensions.Default };

    [Fact]
    public async Task InstancePath_ShardInId_ReachesThatShardWithPathAndQueryIntact()
    {
        var echo = await GetEchoAsync("/instance2-k7q2m9xa/sendMessage?token=t0k%2Fen&x=1");

        Assert.Equal(2, echo.Shard);
        Assert.Equal("/instance2-k7q2m9xa/sendMessage?token=t0k%2Fen&x=1", echo.Target);
        Assert.Equal(fixture.Router.RestUri.Authority, echo.Headers["host"]);
        Assert.Equal("http", echo.Headers["x-forwarded-proto"]);
        Assert.Equal("127.0.0.1", echo.Headers["x-forwarded-for"]);
    }

    [Fact]
    public async Task InstancePath_IdWithoutShard_ReachesShard0()
    {
        var echo = await GetEchoAsync("/instancefoo/x");

        Assert.Equal(0, echo.Shard);
        Assert.Equal("/instancefoo/x", echo.Target);
    }

    [Theory]
    [InlineData("/instance0-movedaway/status", 1)]
    [InlineData("/instancelegacy/status", 2)]
    public async Task InstancePath_OverriddenId_ReachesTheOverrideShard(string path, int shard)
    {
        var echo = await GetEchoAsync(path);

        Assert.Equal(shard, echo.Shard);
        Assert.Equal(path, echo.Target);
    }

    [Theory]
    [InlineData("/shard1/instances?token=admin", 1, "/instances?token=admin")]
    [InlineData("/shard2/instances/2-abc", 2, "/instances/2-abc")]
    [InlineData("/shard1", 1, "/")]
    public async Task ShardPrefix_ReachesThatShard_WithThePrefixStripped(string path, int shard, string target)
    {
        var echo = await GetEchoAsync(path);

        Assert.Equal(shard, echo.Shard);
        Assert.Equal(target, echo.Target);
    }

    [Theory]
    [InlineData("/status?token=t")]
    [InlineData("/instances?token=admin")]
    [InlineData("/healthz")]
    [InlineData("/instancesfoo")]
    public async Task UnprefixedPath_ReachesShard0(string path)
    {
        var echo = await GetEchoAsync(path);

        Assert.Equal(0, echo.Shard);
        Assert.Equal(path, echo.Target);
    }

    [Fact]
    public async Task DeleteInstance_ReachesTheShardOfTheId()
    {
        using var response = await _http.DeleteAsync("/instances/2-k7q2m9xa?token=admin").DefaultTimeout();
        var echo = await ReadEchoAsync(response);

        Assert.Equal(2, echo.Shard);
        Assert.Equal("DELETE", echo.Method);
        Assert.Equal("/instances/2-k7q2m9xa?token=admin", echo.Target);
    }

    [Fact]
    public async Task CreateInstance_WithoutShardPrefix_GoesRoundTheShards()
    {
        var shards = new HashSet<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _http.PostAsJsonAsync("/instances?token=admin", new { }).DefaultTimeout();
            var echo = await ReadEchoAsync(response);
            Assert.Equal("POST", echo.Method);
            Assert.Equal("/instances?token=admin", echo.Target);
            shards.Add(echo.Shard);
        }

        Assert.Equal([0, 1, 2], shards.Order());
    }

    [Fact]
    public async Task CreateInstance_WithShardPrefix_ReachesThatShard()
    {
        using var response = await _http.PostAsJsonAsync("/shard2/instances?token=admin", new { }).DefaultTimeout();
        var echo = await ReadEchoAsync(response);

        Assert.Equal(2, echo.Shard);
        Assert.Equal("POST", echo.Method);
        Assert.Equal("/instances?token=admin", echo.Target);
    }

    [Fact]
    public async Task InstancePath_ShardWithoutPod_AnswersJsonError502()
    {
        using var response = await _http.GetAsync("/instance7-abc/status").DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("shard 7", (string?)JsonNode.Parse(body)?["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_FirstLineArrivesBeforeTheLastIsWritten()
    {
        var gate = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/instance1-abc/events/stream?token=t");
        request.Headers.Add(StubShard.GateHeader, gate);
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The stub writes the second line only after this release: a buffering router would time out here.
        var first = await reader.ReadLineAsync().DefaultTimeout();
        fixture.Shards[1].Release(gate);
        var second = await reader.ReadLineAsync().DefaultTimeout();
        var end = await reader.ReadLineAsync().DefaultTimeout();

        Assert.Equal("""{"shard":1,"part":1}""", first);
        Assert.Equal("""{"shard":1,"part":2}""", second);
        Assert.Null(end);
    }

    [Fact]
    public async Task WebSocket_SandboxPath_UpgradesThroughTheRouterToTheInstancesShard()
    {
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(fixture.Router.RestUri) { Scheme = "ws", Path = "/instance2-abc/sandbox/ws" }.Uri;

        await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        var hello = await ReceiveTextAsync(socket);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();
        var echoed = await ReceiveTextAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();

        Assert.Equal("shard 2 /instance2-abc/sandbox/ws", hello);
        Assert.Equal("ping", echoed);
    }

    public void Dispose() => _http.Dispose();

    private async Task<ShardEcho> GetEchoAsync(string path)
    {
        using var response = await _http.GetAsync(path).DefaultTimeout();
        return await ReadEchoAsync(response);
    }

    private async Task<ShardEcho> ReadEchoAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}\nnginx:\n{fixture.Router.Log()}");
        return System.Text.Json.JsonSerializer.Deserialize<ShardEcho>(body, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
        Assert.Equal(WebSocketMessageType.Text, received.MessageType);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }
}
