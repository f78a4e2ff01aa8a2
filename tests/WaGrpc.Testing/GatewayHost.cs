using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Instances;

namespace WaGrpc.Testing;

/// <summary>
/// The real gateway on real Kestrel (REST and gRPC endpoints on loopback port 0) with a real LiteDB
/// file in a temp directory, and a <see cref="FakeEngine"/> as its WhatsApp session.
/// <see cref="RestartAsync"/> stops it and starts a new one on the same data directory.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string Token = "test-token-123";

    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private WebApplication? _app;
    private GrpcChannel? _channel;

    private GatewayHost(string dataDir, Dictionary<string, string?> settings, TimeProvider? time)
    {
        DataDir = dataDir;
        _settings = settings;
        _time = time;
    }

    public string DataDir { get; }

    /// <summary>True when the session is the real browser engine (then <see cref="Engine"/> is unused).</summary>
    public bool BrowserEngine { get; private init; }

    public FakeEngine Engine { get; private set; } = new();

    /// <summary>The engine doubles of the instances other than the default one, by id.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, FakeEngine> Engines { get; private set; } = new();

    /// <summary>The default instance's services (its store, queue, engine...).</summary>
    public IServiceProvider Services => App.Services.GetRequiredService<InstanceRegistry>().Default.Services;

    /// <summary>The services of instance <paramref name="id"/>.</summary>
    public IServiceProvider ServicesOf(string id) =>
        App.Services.GetRequiredService<InstanceRegistry>().Find(id)?.Services ?? throw new InvalidOperationException($"No instance {id}.");

    public WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public Uri RestUri { get; private set; } = null!;

    public Uri GrpcUri { get; private set; } = null!;

    /// <summary>An HTTP client for the REST endpoint (no token: add ?token= yourself, or use <see cref="Url"/>).</summary>
    public HttpClient Rest { get; private set; } = null!;

    /// <summary>A gRPC channel to the gRPC endpoint that sends the token.</summary>
    public GrpcChannel Grpc => _channel ??= GrpcChannel.ForAddress(GrpcUri, new GrpcChannelOptions
    {
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {Token}");
            return Task.CompletedTask;
        })),
        UnsafeUseInsecureChannelCallCredentials = true,
    });

    /// <summary>A gRPC channel without credentials.</summary>
    public GrpcChannel AnonymousGrpc() => GrpcChannel.ForAddress(GrpcUri);

    /// <summary>
    /// Starts a gateway; <paramref name="settings"/> add to or override configuration;
    /// <paramref name="time"/> (e.g. a FakeTimeProvider) replaces the system clock, also after a restart.
    /// </summary>
    public static Task<GatewayHost> StartAsync(
        Dictionary<string, string?>? settings = null, AccountStatus initialStatus = AccountStatus.Loading, TimeProvider? time = null) =>
        StartAsync(settings, initialStatus, browserEngine: false, time);

    /// <summary>
    /// Starts a gateway; with <paramref name="browserEngine"/> its session is the real one
    /// (Chromium through Playwright) instead of the <see cref="FakeEngine"/>.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(Dictionary<string, string?>? settings, AccountStatus initialStatus, bool browserEngine, TimeProvider? time = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "wagrpc-tests", Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["WaGrpc:Token"] = Token,
            ["WaGrpc:DataDir"] = dataDir,
            ["WaGrpc:Outbound:SendDelay"] = "00:00:00",
            ["WaGrpc:Outbound:SendJitter"] = "00:00:00",
            ["WaGrpc:Outbound:RetryDelay"] = "00:00:00.050",
            ["WaGrpc:RateLimit:PermitLimit"] = "0",
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Rest:Protocols"] = "Http1",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var host = new GatewayHost(dataDir, all, time) { BrowserEngine = browserEngine };
        host.Engine.InitialStatus = new EngineStatus(initialStatus);
        await host.StartAppAsync();
        return host;
    }

    private async Task StartAppAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("WAGRPC_TEST_LOG") == "1")
        {
            // For a failure that needs the gateway's own words: errors and warnings to the console.
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            builder.Logging.AddFilter(_ => false);
        }
        if (!BrowserEngine)
        {
            // Every instance gets an engine double: the default one Engine, the others their own (Engines).
            builder.Services.ConfigureWaGrpcInstances((instance, services) =>
                services.AddSingleton<IWhatsAppEngine>(instance.IsDefault ? Engine : Engines.GetOrAdd(instance.Id, _ => new FakeEngine { InitialStatus = Engine.InitialStatus })));
        }

        if (_time is not null)
        {
            builder.Services.AddSingleton(_time);
        }

        builder.AddWaGrpcServer();
        _app = builder.Build();
        _app.MapWaGrpc();
        await _app.StartAsync();
        var endpoints = _app.Services.GetRequiredService<ListeningEndpoints>();
        RestUri = endpoints.RestUri;
        GrpcUri = endpoints.GrpcUri;
        Rest = new HttpClient { BaseAddress = RestUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// Stops the gateway and starts a new one on the same data directory, with a fresh engine
    /// double; <paramref name="whileStopped"/> runs in between (to damage what is on disk);
    /// <paramref name="settings"/> change configuration from then on.
    /// </summary>
    public async Task RestartAsync(AccountStatus initialStatus = AccountStatus.Loading, Action? whileStopped = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await StopAppAsync();
        whileStopped?.Invoke();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        Engine = new FakeEngine { InitialStatus = new EngineStatus(initialStatus) };
        Engines = new();
        await StartAppAsync();
    }

    /// <summary>A REST path with the token added.</summary>
    public string Url(string pathAndQuery) =>
        pathAndQuery + (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + Token;

    /// <summary>GETs a REST path with the token and parses the JSON answer.</summary>
    public async Task<(HttpResponseMessage Response, JsonNode? Json)> GetJsonAsync(string pathAndQuery)
    {
        var response = await Rest.GetAsync(Url(pathAndQuery)).DefaultTimeout();
        return (response, await ReadJsonAsync(response));
    }

    /// <summary>GETs a REST path with the token; fails unless it answers 2xx with JSON, which it answers.</summary>
    public async Task<JsonNode> GetOkJsonAsync(string pathAndQuery)
    {
        var (response, json) = await GetJsonAsync(pathAndQuery);
        Assert.True(response.IsSuccessStatusCode && json is not null, $"{pathAndQuery}: {(int)response.StatusCode} {json}");
        return json!;
    }

    /// <summary>POSTs raw JSON text to a REST path with the token and parses the JSON answer.</summary>
    public async Task<(HttpResponseMessage Response, JsonNode? Json)> PostJsonAsync(string pathAndQuery, string json)
    {
        using var content = new StringContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await Rest.PostAsync(Url(pathAndQuery), content).DefaultTimeout();
        return (response, await ReadJsonAsync(response));
    }

    /// <summary>POSTs an object as JSON with the token and parses the JSON answer.</summary>
    public async Task<(HttpResponseMessage Response, JsonNode? Json)> PostAsync(string pathAndQuery, object body)
    {
        var response = await Rest.PostAsJsonAsync(Url(pathAndQuery), body).DefaultTimeout();
        return (response, await ReadJsonAsync(response));
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0 ? JsonNode.Parse(text) : null;
    }

    private async Task StopAppAsync()
    {
        _channel?.Dispose();
        _channel = null;
        Rest?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
