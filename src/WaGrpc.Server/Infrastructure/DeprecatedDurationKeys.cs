using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WaGrpc.Browser;
using WaGrpc.Server.Auth;
using WaGrpc.Server.Webhooks;

namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// The keys that durations had before they became TimeSpans (whole numbers with the unit in the
/// name), still read so that existing deployments keep working: "WaGrpc:Outbound:SendDelayMs=0"
/// means "WaGrpc:Outbound:SendDelay=00:00:00". Setting an old key and its new key together is an
/// error at start. Each options type is still validated by its own ValidateOnStart.
/// </summary>
public static class DeprecatedDurationKeys
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>Adds the old keys of every duration option as deprecated aliases.</summary>
    public static IServiceCollection AddDeprecatedDurationKeys(this IServiceCollection services)
    {
        Add<OutboundOptions>(services, OutboundOptions.Section,
        [
            new("SendDelayMs", nameof(OutboundOptions.SendDelay), Ms, (o, v) => o.SendDelay = v),
            new("SendJitterMs", nameof(OutboundOptions.SendJitter), Ms, (o, v) => o.SendJitter = v),
            new("GroupCreateWaitSeconds", nameof(OutboundOptions.GroupCreateWait), Second, (o, v) => o.GroupCreateWait = v),
            new("RetryDelayMs", nameof(OutboundOptions.RetryDelay), Ms, (o, v) => o.RetryDelay = v),
            new("MaxRetryDelayMs", nameof(OutboundOptions.MaxRetryDelay), Ms, (o, v) => o.MaxRetryDelay = v),
            new("DownloadTimeoutSeconds", nameof(OutboundOptions.DownloadTimeout), Second, (o, v) => o.DownloadTimeout = v),
        ]);
        Add<BrowserOptions>(services, BrowserOptions.Section,
        [
            new("ReadyTimeoutSeconds", nameof(BrowserOptions.ReadyTimeout), Second, (o, v) => o.ReadyTimeout = v),
            new("CallTimeoutSeconds", nameof(BrowserOptions.CallTimeout), Second, (o, v) => o.CallTimeout = v),
            new("RestartDelayMs", nameof(BrowserOptions.RestartDelay), Ms, (o, v) => o.RestartDelay = v),
            new("MaxRestartDelayMs", nameof(BrowserOptions.MaxRestartDelay), Ms, (o, v) => o.MaxRestartDelay = v),
            new("SnapshotRefreshMinutes", nameof(BrowserOptions.SnapshotRefresh), TimeSpan.FromMinutes(1), (o, v) => o.SnapshotRefresh = v),
        ]);
        Add<RateLimitOptions>(services, RateLimitOptions.Section,
        [
            new("WindowSeconds", nameof(RateLimitOptions.Window), Second, (o, v) => o.Window = v),
        ]);
        Add<WebhookOptions>(services, WebhookOptions.Section,
        [
            new("TimeoutSeconds", nameof(WebhookOptions.Timeout), Second, (o, v) => o.Timeout = v),
        ]);
        Add<WaGrpcOptions>(services, WaGrpcOptions.Section,
        [
            new("MediaRetentionDays", nameof(WaGrpcOptions.MediaRetention), TimeSpan.FromDays(1), (o, v) => o.MediaRetention = v),
        ]);
        return services;
    }

    private static void Add<TOptions>(IServiceCollection services, string section, IReadOnlyList<DeprecatedDurationKey<TOptions>> keys)
        where TOptions : class
    {
        services.TryAddSingleton(sp => new DeprecatedDurationBinder<TOptions>(sp.GetRequiredService<IConfiguration>(), section, keys));
        services.AddSingleton<IConfigureOptions<TOptions>>(sp => sp.GetRequiredService<DeprecatedDurationBinder<TOptions>>());
        services.AddSingleton<IValidateOptions<TOptions>>(sp => sp.GetRequiredService<DeprecatedDurationBinder<TOptions>>());
    }
}
