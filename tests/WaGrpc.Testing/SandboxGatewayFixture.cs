namespace WaGrpc.Testing;

/// <summary>A shared gateway (<see cref="GatewayFixture"/>) in sandbox mode (the stand-in page and phone API mapped), with the fake engine.</summary>
public sealed class SandboxGatewayFixture : GatewayFixture
{
    protected override Dictionary<string, string?>? Settings => new() { ["WaGrpc:Sandbox"] = "true" };
}
