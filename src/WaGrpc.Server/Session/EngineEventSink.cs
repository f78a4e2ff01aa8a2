using WaGrpc.Core.Engine;
using WaGrpc.Storage;

namespace WaGrpc.Server.Session;

/// <summary>Takes what the engine reports into the gateway: the session state, and the logs (committed before returning).</summary>
public sealed class EngineEventSink(SessionState state, EventLog eventLog) : IEngineEvents
{
    public async ValueTask StatusChangedAsync(EngineStatus status, CancellationToken cancellationToken)
    {
        var previous = state.Update(status);
        if (previous.Status != status.Status)
        {
            await eventLog.AppendStatusAsync(status.Status, status.Details?.Reason ?? "");
        }
    }

    public async ValueTask FactsAsync(IReadOnlyList<EngineFact> facts, CancellationToken cancellationToken)
    {
        if (facts.Count > 0)
        {
            await eventLog.AppendFactsAsync(facts);
        }
    }
}
