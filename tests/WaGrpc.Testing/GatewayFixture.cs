using WaGrpc.Core.Engine;

namespace WaGrpc.Testing;

/// <summary>
/// One <see cref="GatewayHost"/> for the tests of a class (<c>IClassFixture&lt;GatewayFixture&gt;</c>) that
/// need no gateway of their own: they do not restart it, need no other configuration and no empty
/// store, and what they assert does not depend on what the class's other tests did (they read, are
/// refused, or change nothing another test looks at). A class's tests run one at a time, never on
/// it together. Derive to start it with other settings or another initial status.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    /// <summary>Configuration added to or overriding the host's own (none).</summary>
    protected virtual Dictionary<string, string?>? Settings => null;

    /// <summary>The fake engine's status at the start (loading, as <see cref="GatewayHost"/> starts by default).</summary>
    protected virtual AccountStatus InitialStatus => AccountStatus.Loading;

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync(Settings, InitialStatus);

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
