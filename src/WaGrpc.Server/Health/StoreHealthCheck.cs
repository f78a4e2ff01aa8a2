using Microsoft.Extensions.Diagnostics.HealthChecks;
using WaGrpc.Server.Instances;
using WaGrpc.Storage;

namespace WaGrpc.Server.Health;

/// <summary>
/// Healthy while every instance's store answers a read; Degraded (still serving, so a liveness
/// probe does not restart the others) when some instance failed to start or its store does not
/// answer; Unhealthy when the default instance's store does not answer.
/// </summary>
internal sealed class StoreHealthCheck(InstanceRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var failing = new List<string>();
        var defaultAnswers = false;
        foreach (var instance in registry.All())
        {
            var answers = instance.State == InstanceState.Running && Answers(instance);
            if (instance.Context.IsDefault)
            {
                defaultAnswers = answers;
            }

            if (!answers && instance.State is InstanceState.Running or InstanceState.Failed)
            {
                failing.Add(instance.Context.Id);
            }
        }

        if (!defaultAnswers)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the default instance's store does not answer"));
        }

        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy("the stores answer")
            : HealthCheckResult.Degraded("instances without a working store: " + string.Join(", ", failing)));
    }

    private static bool Answers(GatewayInstance instance)
    {
        if (!instance.TryGet<SettingsStore>(out var settings))
        {
            return false;
        }

        try
        {
            _ = settings.Get();
            return true;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or LiteDB.LiteException or IOException)
        {
            return false;
        }
    }
}
