using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Instances;
using WaGrpc.Sandbox.Network;

namespace WaGrpc.Sandbox;

/// <summary>Registers the sandbox: its options, its store and the simulated network.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds the sandbox of one instance (its own simulated network and phone); its store lives in
    /// the instance's data directory (for the default instance, Sandbox:DataDir when set).
    /// </summary>
    public static IServiceCollection AddWaGrpcSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration("Sandbox").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var instance = sp.GetRequiredService<InstanceContext>();
            var configured = instance.IsDefault ? sp.GetRequiredService<IOptions<SandboxOptions>>().Value.DataDir : null;
            return new SandboxStore(Path.GetFullPath(configured ?? instance.DataDir));
        });
        services.TryAddSingleton<SandboxNetwork>();
        services.AddHostedService<SandboxLifetime>();
        return services;
    }

    /// <summary>Closes the pages' sockets as soon as the host starts stopping.</summary>
    private sealed class SandboxLifetime(SandboxNetwork network, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopping.Register(network.CloseAllPages);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
