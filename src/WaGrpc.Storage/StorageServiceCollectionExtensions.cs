using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WaGrpc.Core.Engine;

namespace WaGrpc.Storage;

/// <summary>Registers the LiteDB storage of an instance.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Adds the database, its single writer, the event log, the outbound queue, the settings, the webhook outbox and the session snapshot.</summary>
    public static IServiceCollection AddWaGrpcStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration("WaGrpc").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WaGrpcDatabase>();
        services.TryAddSingleton<StoreWriter>();
        services.TryAddSingleton<EventNotifier>();
        services.TryAddSingleton<EventLog>();
        services.TryAddSingleton<OutboundQueue>();
        services.TryAddSingleton<ActionQueue>();
        services.TryAddSingleton<SettingsStore>();
        services.TryAddSingleton<MediaStore>();
        services.TryAddSingleton<WebhookOutbox>();
        services.TryAddSingleton<SessionSnapshotStore>();
        services.TryAddSingleton<ISessionSnapshotStore>(sp => sp.GetRequiredService<SessionSnapshotStore>());
        return services;
    }
}
