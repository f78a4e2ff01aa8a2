namespace WaGrpc.Core.Engine;

/// <summary>What an engine reports to the gateway. Calls may come from any thread, one at a time.</summary>
public interface IEngineEvents
{
    /// <summary>The session's status or QR code changed.</summary>
    ValueTask StatusChangedAsync(EngineStatus status, CancellationToken cancellationToken);

    /// <summary>
    /// Messages and acks seen in the session, in the order they happened. The gateway commits the
    /// whole batch before the call completes; duplicates (same message id) are ignored.
    /// </summary>
    ValueTask FactsAsync(IReadOnlyList<EngineFact> facts, CancellationToken cancellationToken);
}
