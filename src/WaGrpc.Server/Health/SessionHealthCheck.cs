using Microsoft.Extensions.Diagnostics.HealthChecks;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Instances;
using WaGrpc.Server.Session;

namespace WaGrpc.Server.Health;

/// <summary>
/// Healthy while every running instance's WhatsApp session is authenticated; Unhealthy when the
/// default instance's is not; Degraded when only some other instance's is not.
/// </summary>
internal sealed class SessionHealthCheck(InstanceRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var waiting = new List<string>();
        foreach (var instance in registry.Running())
        {
            if (!instance.TryGet<SessionState>(out var session))
            {
                continue;
            }

            var status = session.Current.Status;
            if (status == AccountStatus.Authenticated)
            {
                continue;
            }

            if (instance.Context.IsDefault)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("the account status is '" + status.ToLegacyName() + "'"));
            }

            waiting.Add(instance.Context.Id);
        }

        if (registry.Find(registry.DefaultContext.Id) is not { State: InstanceState.Running })
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the default instance is not running"));
        }

        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("authenticated")
            : HealthCheckResult.Degraded("instances not authenticated: " + string.Join(", ", waiting)));
    }
}
