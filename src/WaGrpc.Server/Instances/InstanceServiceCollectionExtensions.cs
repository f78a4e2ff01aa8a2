using Microsoft.Extensions.DependencyInjection.Extensions;
using WaGrpc.Browser;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Instances;
using WaGrpc.Sandbox;
using WaGrpc.Server.Auth;
using WaGrpc.Server.Chats;
using WaGrpc.Server.Events;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Media;
using WaGrpc.Server.Messaging;
using WaGrpc.Server.Observability;
using WaGrpc.Server.Session;
using WaGrpc.Server.Webhooks;
using WaGrpc.Storage;

namespace WaGrpc.Server.Instances;

/// <summary>The services of one instance (one WhatsApp number), in its own container.</summary>
public static class InstanceServiceCollectionExtensions
{
    /// <summary>
    /// Adds what an instance is made of: its context, token, store, session and browser engine
    /// (or sandbox), dispatchers, webhook sender, media, metrics and options (bound from the
    /// gateway's configuration; the instance's identity and data directory come from
    /// <paramref name="instance"/>, not from configuration).
    /// </summary>
    public static IServiceCollection AddWaGrpcInstance(this IServiceCollection services, InstanceContext instance, bool sandbox)
    {
        services.AddSingleton(instance);
        services.AddDeprecatedDurationKeys();
        services.AddOptions<WaGrpcOptions>().BindConfiguration("WaGrpc").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboundOptions>().BindConfiguration("WaGrpc:Outbound").ValidateDataAnnotations().ValidateOnStart();
        services.AddWaGrpcStorage();
        if (sandbox)
        {
            services.AddWaGrpcSandbox();
        }

        services.TryAddSingleton<InstanceToken>();
        services.TryAddSingleton<InstanceMetrics>();
        services.TryAddSingleton<QrCodeRenderer>();
        services.TryAddSingleton<SessionState>();
        services.TryAddSingleton<EngineEventSink>();
        services.TryAddSingleton<MediaLinks>();
        services.TryAddSingleton<LiveEventItems>();
        services.TryAddSingleton<IEngineSettings, EngineSettings>();
        services.TryAddSingleton<SentRows>();
        services.TryAddSingleton<IWhatsAppWebAddress, WhatsAppWebAddress>();
        services.AddWhatsAppWebEngine(loopbackOnly: sandbox);
        services.TryAddSingleton<FetchGuard>();
        services.AddHttpClient<FileFetcher>(http => http.DefaultRequestHeaders.UserAgent.ParseAdd(WebhookServiceCollectionExtensions.UserAgent))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<FetchGuard>().CreateHandler());
        services.AddHostedService<EngineHostService>();
        services.AddHostedService<OutboundDispatcher>();
        services.AddHostedService<ActionDispatcher>();
        services.AddHostedService<MediaRetentionService>();
        services.AddWaGrpcWebhooks();
        return services;
    }

    /// <summary>
    /// Adds <paramref name="configure"/> to every instance's services, after the gateway's own
    /// registrations (a later registration of a service wins).
    /// </summary>
    public static IServiceCollection ConfigureWaGrpcInstances(this IServiceCollection services, Action<InstanceContext, IServiceCollection> configure)
    {
        services.AddSingleton(new InstanceServicesConfigurator(configure));
        return services;
    }
}
