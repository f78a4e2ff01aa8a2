using WaGrpc.Core.Engine;
using WaGrpc.Server.Media;
using WaGrpc.Server.Observability;
using WaGrpc.Storage;

namespace WaGrpc.Server.Session;

/// <summary>
/// Takes what the engine reports into the gateway: the session state, and the logs (committed
/// before returning). Incoming media is kept first and the message logged with its media id (the
/// body shown, its download URL, is built when the message is shown: <see cref="MediaLinks"/>).
/// </summary>
public sealed class EngineEventSink(
    SessionState state,
    EventLog eventLog,
    MediaStore media,
    InstanceMetrics metrics) : IEngineEvents
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
}
