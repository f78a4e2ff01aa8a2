using WaGrpc.Core.Engine;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Clients;

/// <summary>
/// One authenticated gateway with the fake engine, for the example clients' cases that need no
/// WhatsApp session of their own: the plain run (no sandbox), a wrong token, a bad phone.
/// </summary>
public sealed class ExampleClientsFixture : IAsyncLifetime
{
    private readonly ExampleClientLauncher _launcher = new();

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _launcher.Dispose();
    }

    /// <summary>Runs <paramref name="client"/> against the gateway to its end, sending to <paramref name="phone"/>.</summary>
    public Task<ClientRun> RunAsync(ExampleClient client, string token, string phone) =>
        _launcher.RunAsync(client, new Dictionary<string, string>
        {
            ["WAGRPC_ADDRESS"] = Gateway.GrpcUri.ToString(),
            ["WAGRPC_TOKEN"] = token,
            ["WAGRPC_PHONE"] = phone,
            ["WAGRPC_TEXT"] = $"Hello from the {client} example client test",
            ["WAGRPC_TIMEOUT_SECONDS"] = "60",
            // Without the sandbox nothing new is expected after the cursor: a short look is enough.
            ["WAGRPC_RESUME_SECONDS"] = "1",
        });
}
