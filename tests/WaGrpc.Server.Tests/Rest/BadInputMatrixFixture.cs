using WaGrpc.Core.Engine;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>One authenticated gateway for the whole bad-input matrix: no case may store anything, so they can share it.</summary>
public sealed class BadInputMatrixFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await GatewayHost.StartAsync();
        await Host.Engine.SetStatusAsync(AccountStatus.Authenticated);
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
