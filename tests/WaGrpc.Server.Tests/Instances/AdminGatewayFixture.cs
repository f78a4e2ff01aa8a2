using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>A shared gateway (<see cref="GatewayFixture"/>) with the admin API on, for admin calls that create nothing.</summary>
public sealed class AdminGatewayFixture : GatewayFixture
{
    protected override Dictionary<string, string?>? Settings => AdminClient.Settings();
}
