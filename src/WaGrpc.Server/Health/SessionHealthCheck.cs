using Microsoft.Extensions.Diagnostics.HealthChecks;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Session;

namespace WaGrpc.Server.Health;

/// <summary>Healthy while the WhatsApp session is authenticated.</summary>
internal sealed class SessionHealthCheck(SessionState session) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var status = session.Current.Status;
        return Task.FromResult(status == AccountStatus.Authenticated
            ? HealthCheckResult.Healthy("authenticated")
            : HealthCheckResult.Unhealthy("the account status is '" + status.ToLegacyName() + "'"));
    }
}
