using System.Diagnostics.Metrics;
using WaGrpc.Core.Instances;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Observability;

namespace WaGrpc.Server.Instances;

/// <summary>
/// Builds an instance's own container: the instance's services (<see cref="InstanceServiceCollectionExtensions.AddWaGrpcInstance"/>)
/// and the host's <see cref="InstanceServicesConfigurator"/>s, over what all instances share with
/// the host (logging, the clock, configuration, the host's lifetime, the listening endpoints, the
/// metrics). The options are validated before anything starts.
/// </summary>
public sealed class InstanceContainer(IServiceProvider host, IEnumerable<InstanceServicesConfigurator> configurators)
{
    private readonly InstanceServicesConfigurator[] _configurators = [.. configurators];

    public ServiceProvider Build(InstanceContext instance)
    {
        var services = new ServiceCollection();
        Share<ILoggerFactory>(services);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        Share<TimeProvider>(services);
        Share<IConfiguration>(services);
        Share<IHostApplicationLifetime>(services);
        Share<IHostEnvironment>(services);
        Share<IMeterFactory>(services);
        Share<ListeningEndpoints>(services);
        Share<GatewayMetrics>(services);
        var sandbox = host.GetRequiredService<IConfiguration>().GetValue<bool>("WaGrpc:Sandbox");
        services.AddWaGrpcInstance(instance, sandbox);
        foreach (var configurator in _configurators)
        {
            configurator.Apply(instance, services);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            provider.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }

    // An instance, not a factory: the instance's container must not dispose what the host owns.
    private void Share<T>(IServiceCollection services)
        where T : class => services.AddSingleton(host.GetRequiredService<T>());
}
