using WaGrpc.Core.Instances;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Observability;

/// <summary>One instance's side of <see cref="GatewayMetrics"/>: counts what happens, labelled with the instance's id.</summary>
public sealed class InstanceMetrics(GatewayMetrics gateway, InstanceContext instance)
{
    private readonly KeyValuePair<string, object?> _instance = Tag(instance.Id);

    /// <summary>The label naming an instance.</summary>
    public static KeyValuePair<string, object?> Tag(string instanceId) => new("instance", instanceId);

    public void Sent() => gateway.Sends.Add(1, _instance);

    /// <summary>A failed attempt: <paramref name="permanent"/> when the entry is given up.</summary>
    public void SendFailed(bool permanent) =>
        gateway.SendFailures.Add(1, _instance, new KeyValuePair<string, object?>("outcome", permanent ? "failed" : "retry"));

    /// <summary>Counts what a commit of engine facts added: incoming messages and acks.</summary>
    public void Recorded(IReadOnlyList<EventDocument> events)
    {
        foreach (var e in events)
        {
            if (e.Kind == EventKind.Message && e.Message is { FromMe: false })
            {
                gateway.Incoming.Add(1, _instance);
            }
            else if (e.Kind == EventKind.Ack && e.Ack is { } ack)
            {
                gateway.Acks.Add(1, _instance, new KeyValuePair<string, object?>("status", ack.Status));
            }
        }
    }

    /// <summary>One webhook POST's outcome: delivered, retry or dead_letter.</summary>
    public void Delivery(string outcome) => gateway.Deliveries.Add(1, _instance, new KeyValuePair<string, object?>("outcome", outcome));

    public void StreamOpened() => gateway.Subscribers.Add(1, _instance);

    public void StreamClosed() => gateway.Subscribers.Add(-1, _instance);
}
