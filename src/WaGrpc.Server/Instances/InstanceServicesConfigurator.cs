using WaGrpc.Core.Instances;

namespace WaGrpc.Server.Instances;

/// <summary>
/// Adds to (or replaces in) every instance's services, after the gateway's own registrations:
/// how a host swaps a part for all instances (tests put their engine double here). Register it
/// with <see cref="InstanceServiceCollectionExtensions.ConfigureWaGrpcInstances"/>.
/// </summary>
public sealed class InstanceServicesConfigurator(Action<InstanceContext, IServiceCollection> configure)
{
    public void Apply(InstanceContext instance, IServiceCollection services) => configure(instance, services);
}
