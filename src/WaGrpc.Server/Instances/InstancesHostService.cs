namespace WaGrpc.Server.Instances;

/// <summary>Starts every instance with the host (the default one first) and stops them all with it.</summary>
public sealed class InstancesHostService(InstanceRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => registry.StartAllAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => registry.StopAllAsync(cancellationToken);
}
