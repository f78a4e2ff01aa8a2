using WaGrpc.Core.Engine;
using WaGrpc.Server.Media;
using WaGrpc.Server.Observability;
using WaGrpc.Storage;

namespace WaGrpc.Server.Session;

/// <summary>
/// Takes what the engine reports into the gateway: the session state, and the logs (committed
/// before returning; a status before it is shown). Incoming media is kept first and the message
/// logged with its media id (the body shown, its download URL, is built when the message is
/// shown: <see cref="MediaLinks"/>).
/// </summary>
public sealed class EngineEventSink(
    SessionState state,
    EventLog eventLog,
    MediaStore media,
    InstanceMetrics metrics) : IEngineEvents, IDisposable
{
    // Status reports one at a time: each is committed and then shown, in the order they came.
    private readonly SemaphoreSlim _statusGate = new(1, 1);

    public async ValueTask StatusChangedAsync(EngineStatus status, CancellationToken cancellationToken)
    {
        await _statusGate.WaitAsync(CancellationToken.None);
        try
        {
            // Committed before it is shown: a status /status answers is already in the history
            // (/instanceStatuses), the webhook outbox and the event streams.
            if (state.Current.Status != status.Status)
            {
                await eventLog.AppendStatusAsync(status.Status, status.Details?.Reason ?? "");
            }

            state.Update(status);
        }
        finally
        {
            _statusGate.Release();
        }
    }

    public async ValueTask FactsAsync(IReadOnlyList<EngineFact> facts, CancellationToken cancellationToken)
    {
        if (facts.Count == 0)
        {
            return;
        }

        var recorded = new List<EngineFact>(facts.Count);
        foreach (var fact in facts)
        {
            if (fact is MessageFact { Message.Media: { } file } withMedia)
            {
                var id = await media.SaveAsync(withMedia.Message.Id, file.MimeType, file.Filename, file.Content);
                recorded.Add(new MessageFact(withMedia.Message with { Body = "", MediaId = id, Media = null }));
            }
            else
            {
                recorded.Add(fact);
            }
        }

        metrics.Recorded(await eventLog.AppendFactsAsync(recorded));
    }

    public void Dispose() => _statusGate.Dispose();
}
