using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Clients;

/// <summary>
/// One live gateway in sandbox mode (the real browser engine on the WhatsApp Web stand-in) for all
/// three example clients, not linked: the first client to run links it through the sandbox phone
/// API, the others find it authenticated.
/// </summary>
public sealed class ExampleClientsSandboxFixture : IAsyncLifetime
{
    private readonly ExampleClientLauncher _launcher = new();

    public LiveGateway Live { get; private set; } = null!;

    public async Task InitializeAsync() => Live = await LiveGateway.StartAsync();

    public async Task DisposeAsync()
    {
        await Live.DisposeAsync();
        _launcher.Dispose();
    }

    /// <summary>Runs <paramref name="client"/> with WAGRPC_SANDBOX=1 to its end, sending to (and answered from) <paramref name="phone"/>.</summary>
    public Task<ClientRun> RunAsync(ExampleClient client, string phone) =>
        _launcher.RunAsync(client, new Dictionary<string, string>
        {
            ["WAGRPC_ADDRESS"] = Live.Host.GrpcUri.ToString(),
            ["WAGRPC_REST_ADDRESS"] = Live.Host.RestUri.ToString(),
            ["WAGRPC_SANDBOX"] = "1",
            ["WAGRPC_TOKEN"] = GatewayHost.Token,
            ["WAGRPC_PHONE"] = phone,
            ["WAGRPC_TEXT"] = $"Hello from the {client} example client test",
            ["WAGRPC_TIMEOUT_SECONDS"] = "60",
        });
}
