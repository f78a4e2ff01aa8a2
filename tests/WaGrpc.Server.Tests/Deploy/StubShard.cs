using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WaGrpc.Server.Tests.Deploy;

/// <summary>
/// A stand-in for one gateway pod behind the router: real Kestrel with an HTTP/1.1 port and an h2c
/// port (as the gateway's Rest and Grpc endpoints), answering which shard it is and echoing what it
/// received. REST: JSON <see cref="ShardEcho"/>; a path ending in /stream answers one NDJSON line,
/// then a second once the test opens the gate named by x-test-gate; a WebSocket says its shard and
/// echoes. gRPC: <see cref="StubHealthService"/>.
/// </summary>
public sealed class StubShard : IAsyncDisposable
{
    /// <summary>The request header that names a stream's gate (<see cref="Release"/>).</summary>
    public const string GateHeader = "x-test-gate";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private WebApplication? _app;

    private StubShard(int shard) => Shard = shard;

    public int Shard { get; }

    /// <summary>The HTTP/1.1 (REST) port on 127.0.0.1.</summary>
    public int RestPort { get; private set; }

    /// <summary>The h2c (gRPC) port on 127.0.0.1.</summary>
    public int GrpcPort { get; private set; }

    public static async Task<StubShard> StartAsync(int shard)
    {
        var stub = new StubShard(shard);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        ListenOptions? rest = null;
        ListenOptions? grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                rest = listen;
            });
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                grpc = listen;
            });
        });
        builder.Services.AddSingleton(stub);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGrpcService<StubHealthService>();
        app.MapFallback("{**path}", stub.AnswerAsync);
        await app.StartAsync();
        // Kestrel writes the bound port back into each ListenOptions.
        stub.RestPort = rest!.IPEndPoint!.Port;
        stub.GrpcPort = grpc!.IPEndPoint!.Port;
        stub._app = app;
        return stub;
    }

    /// <summary>Lets the stream whose x-test-gate is <paramref name="gate"/> write its second part.</summary>
    public void Release(string gate) => Gate(gate).TrySetResult();

    internal Task WaitForGateAsync(string gate, CancellationToken cancellation) =>
        Gate(gate).Task.WaitAsync(TimeSpan.FromSeconds(60), cancellation);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private TaskCompletionSource Gate(string gate) =>
        _gates.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task AnswerAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        if (context.WebSockets.IsWebSocketRequest)
        {
            await EchoWebSocketAsync(context, target);
        }
        else if (context.Request.Path.Value!.EndsWith("/stream", StringComparison.Ordinal))
        {
            await StreamAsync(context);
        }
        else
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            await context.Response.WriteAsJsonAsync(new ShardEcho(Shard, context.Request.Method, target, headers));
        }
    }

    // Two NDJSON lines; the second only after the gate opens, which the test does once it has read
    // the first through the router: a buffering router would hold the first line back and time out.
    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "application/x-ndjson";
        await context.Response.WriteAsync($"{{\"shard\":{Shard},\"part\":1}}\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await WaitForGateAsync(context.Request.Headers[GateHeader].ToString(), context.RequestAborted);
        await context.Response.WriteAsync($"{{\"shard\":{Shard},\"part\":2}}\n", context.RequestAborted);
    }

    private async Task EchoWebSocketAsync(HttpContext context, string target)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await socket.SendAsync(Encoding.UTF8.GetBytes($"shard {Shard} {target}"), WebSocketMessageType.Text, true, context.RequestAborted);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
        if (received.MessageType == WebSocketMessageType.Text)
        {
            await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, context.RequestAborted);
            received = await socket.ReceiveAsync(buffer, context.RequestAborted);
        }

        if (received.MessageType == WebSocketMessageType.Close)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
        }
    }
}
