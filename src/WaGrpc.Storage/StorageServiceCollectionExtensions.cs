using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Instances;

namespace WaGrpc.Storage;

/// <summary>Registers the LiteDB storage of an instance.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the database, its single writer, the event log, the outbound queue, the settings, the
    /// webhook outbox and the session snapshot. The store lives in the data directory of the
    /// registered <see cref="InstanceContext"/>.
    /// </summary>
    public static IServiceCollection AddWaGrpcStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<StorageOptions>>(sp =>
            new ConfigureOptions<StorageOptions>(o => o.DataDir = sp.GetRequiredService<InstanceContext>().DataDir));
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
