using System.Diagnostics.Metrics;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Instances;
using WaGrpc.Server.Session;
using WaGrpc.Storage;

namespace WaGrpc.Server.Observability;

/// <summary>
/// The gateway's own instruments (meter <see cref="MeterName"/>), exported with ASP.NET Core's and
/// the browser's on <c>/metrics</c> (<see cref="MetricsSetup"/>); every series carries the label
/// <c>instance</c>. Counters are added where things happen, through each instance's
/// <see cref="InstanceMetrics"/>; depths and states are read when scraped, from each running
/// instance's store (maintained counts).
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "WaGrpc";

    public GatewayMetrics(IMeterFactory meters, InstanceRegistry instances)
    {
        var meter = meters.Create(MeterName);
        Sends = meter.CreateCounter<long>("wagrpc.sends", "{message}", "Queued messages that went out to WhatsApp.");
        SendFailures = meter.CreateCounter<long>("wagrpc.send.failures", "{attempt}", "Send attempts that failed (outcome: retry, or failed for good).");
        Acks = meter.CreateCounter<long>("wagrpc.acks", "{ack}", "Acks of sent messages recorded, by status (sent, delivered, viewed).");
        Incoming = meter.CreateCounter<long>("wagrpc.messages.incoming", "{message}", "Messages received (from others, or sent from the phone).");
        Deliveries = meter.CreateCounter<long>("wagrpc.webhook.deliveries", "{delivery}", "Webhook POSTs by outcome (delivered, retry, dead_letter).");
        Subscribers = meter.CreateUpDownCounter<long>("wagrpc.stream.subscribers", "{stream}", "Open event streams.");
        meter.CreateObservableGauge("wagrpc.queue.depth", () => Each<OutboundQueue>(instances, q => q.CountUnsent()), "{message}", "Outbound messages not sent yet (waiting, being sent, or failed).");
        meter.CreateObservableGauge("wagrpc.actions.depth", () => Each<ActionQueue>(instances, a => a.CountUndone()), "{action}", "Actions (group changes, chat reads) not done yet.");
        meter.CreateObservableGauge("wagrpc.webhook.backlog", () => Each<WebhookOutbox>(instances, o => o.CountWaiting()), "{event}", "Events waiting to be posted to the webhook.");
        meter.CreateObservableGauge("wagrpc.webhook.dead_letters", () => Each<WebhookOutbox>(instances, o => o.CountDeadLetters()), "{delivery}", "Webhook deliveries given up on, until replayed.");
        meter.CreateObservableGauge("wagrpc.session.status", () => SessionStatus(instances), "{status}", "1 for the session's current legacy status (label status), 0 for the others.");
        meter.CreateObservableGauge("wagrpc.instances", () => InstanceStates(instances), "{instance}", "Instances by state (running, starting, failed).");
    }

    internal Counter<long> Sends { get; }

    internal Counter<long> SendFailures { get; }

    internal Counter<long> Acks { get; }

    internal Counter<long> Incoming { get; }

    internal Counter<long> Deliveries { get; }

    internal UpDownCounter<long> Subscribers { get; }

    private static IEnumerable<Measurement<long>> Each<T>(InstanceRegistry instances, Func<T, long> read)
        where T : notnull
    {
        foreach (var instance in instances.Running())
        {
            if (!instance.TryGet<T>(out var service))
            {
                continue;
            }

            long value;
            try
            {
                value = read(service);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or LiteDB.LiteException or IOException)
            {
                continue; // being deleted, or its store failed: the other instances still report
            }

            yield return new Measurement<long>(value, InstanceMetrics.Tag(instance.Context.Id));
        }
    }

    private static IEnumerable<Measurement<long>> SessionStatus(InstanceRegistry instances)
    {
        foreach (var instance in instances.Running())
        {
            if (!instance.TryGet<SessionState>(out var session))
            {
                continue;
            }

            var current = session.Current.Status;
            foreach (var status in Enum.GetValues<AccountStatus>())
            {
                yield return new Measurement<long>(status == current ? 1 : 0,
                    InstanceMetrics.Tag(instance.Context.Id), new KeyValuePair<string, object?>("status", status.ToLegacyName()));
            }
        }
    }

    private static IEnumerable<Measurement<long>> InstanceStates(InstanceRegistry instances) =>
        instances.All().GroupBy(i => i.State).Select(g => new Measurement<long>(g.Count(), new KeyValuePair<string, object?>("state", g.Key.ToWire())));
}
