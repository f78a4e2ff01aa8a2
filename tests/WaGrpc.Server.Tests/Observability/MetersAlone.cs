namespace WaGrpc.Server.Tests.Observability;

/// <summary>
/// Tests that read <c>/metrics</c> run in this collection, after and apart from the parallel ones:
/// the exporter listens to the meter <c>WaGrpc</c> by name, so every gateway alive in the test
/// process feeds it, and another test's default instance (also <c>instance="1"</c>) would overwrite
/// this one's gauges or add instances the test does not have.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetersAlone
{
    public const string Name = "metrics, alone";
}
