using Microsoft.Extensions.Diagnostics.HealthChecks;
using WaGrpc.Storage;

namespace WaGrpc.Server.Health;

/// <summary>Healthy while the store answers a read.</summary>
internal sealed class StoreHealthCheck(SettingsStore settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            _ = settings.Get();
            return Task.FromResult(HealthCheckResult.Healthy("the store answers"));
        }
        catch (Exception ex) when (ex is ObjectDisposedException or LiteDB.LiteException or IOException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the store does not answer", ex));
        }
    }
}
