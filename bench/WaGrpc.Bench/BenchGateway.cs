using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Instances;

namespace WaGrpc.Bench;

/// <summary>
/// The gateway in this process on real Kestrel (loopback, port 0) with its own LiteDB file: idle
/// (no session, for the API and storage paths) or in sandbox mode (real Chromium on the stand-in).
/// Rate limiting is off and sends are not paced, so what is measured is the gateway itself.
/// </summary>
public sealed class BenchGateway : IAsyncDisposable
{
    public const string Token = "bench";

    private readonly WebApplication _app;

    private BenchGateway(WebApplication app)
    {
        _app = app;
        var endpoints = app.Services.GetRequiredService<ListeningEndpoints>();
        GrpcUri = endpoints.GrpcUri;
        Http = NewHttpClient(endpoints.RestUri);
        Channel = NewChannel(endpoints.GrpcUri);
    }

    public HttpClient Http { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Where the gRPC endpoint listens (h2c).</summary>
    public Uri GrpcUri { get; }

    /// <summary>The default instance's services (its store, queue, event log...).</summary>
    public IServiceProvider Services => _app.Services.GetRequiredService<InstanceRegistry>().Default.Services;

    public Grpc.Core.Metadata Auth { get; } = NewAuth();

    /// <summary>A client of a gateway's REST endpoint, as the benches use it (5 min timeout).</summary>
    public static HttpClient NewHttpClient(Uri restUri) => new() { BaseAddress = restUri, Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>A gRPC channel to a gateway, as the benches use it (more than one HTTP/2 connection when streams need it, no size limit).</summary>
    public static GrpcChannel NewChannel(Uri grpcUri) => GrpcChannel.ForAddress(grpcUri, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        MaxReceiveMessageSize = null,
    });

    /// <summary>The default instance's token as gRPC metadata.</summary>
    public static Grpc.Core.Metadata NewAuth() => new() { { "authorization", "Bearer " + Token } };

    /// <summary>Starts a gateway; <paramref name="engine"/> replaces the session (null: sandbox mode with the browser).</summary>
    public static async Task<BenchGateway> StartAsync(string dataDir, IWhatsAppEngine? engine, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>
        {
            ["WaGrpc:Token"] = Token,
            ["WaGrpc:DataDir"] = dataDir,
            ["WaGrpc:Sandbox"] = engine is null ? "true" : "false",
            ["WaGrpc:RateLimit:PermitLimit"] = "0",
            ["WaGrpc:Outbound:SendDelay"] = "00:00:00",
            ["WaGrpc:Outbound:SendJitter"] = "00:00:00",
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        if (engine is not null)
        {
            builder.Services.ConfigureWaGrpcInstances((_, services) => services.AddSingleton(engine));
        }

        builder.AddWaGrpcServer();
        var app = builder.Build();
        app.MapWaGrpc();
        await app.StartAsync();
        return new BenchGateway(app);
    }

    /// <summary>Links the sandbox phone to the page's QR and waits until the session is authenticated.</summary>
    public async Task LinkSandboxAsync()
    {
        string? qr = null;
        while (qr is null)
        {
            qr = (await Http.GetFromJsonAsync<JsonObject>($"/sandbox/api/state?token={Token}"))!["qr"]?.ToString();
            await Task.Delay(50);
        }

        (await Http.PostAsJsonAsync($"/sandbox/api/link?token={Token}", new { qr })).EnsureSuccessStatusCode();
        while (await StatusAsync() != "authenticated")
        {
            await Task.Delay(50);
        }
    }

    public async Task<string> StatusAsync() =>
        (await Http.GetFromJsonAsync<JsonObject>($"/status?token={Token}"))!["accountStatus"]!.ToString();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
