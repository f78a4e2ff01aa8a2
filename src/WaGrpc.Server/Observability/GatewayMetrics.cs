using System.Diagnostics.Metrics;
using WaGrpc.Core.Engine;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Observability;

/// <summary>
/// The gateway's own instruments (meter <see cref="MeterName"/>), exported with ASP.NET Core's and
/// the browser's on <c>/metrics</c> (<see cref="MetricsSetup"/>). Counters are added where things
/// happen; depths and states are read when scraped, from the store's maintained counts.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "WaGrpc";

    private readonly Counter<long> _sends;
    private readonly Counter<long> _sendFailures;
    private readonly Counter<long> _acks;
    private readonly Counter<long> _incoming;
    private readonly Counter<long> _deliveries;
    private readonly UpDownCounter<long> _subscribers;

    public GatewayMetrics(IMeterFactory meters, OutboundQueue queue, ActionQueue actions, WebhookOutbox outbox, Session.SessionState session)
    {
        var meter = meters.Create(MeterName);
        _sends = meter.CreateCounter<long>("wagrpc.sends", "{message}", "Queued messages that went out to WhatsApp.");
        _sendFailures = meter.CreateCounter<long>("wagrpc.send.failures", "{attempt}", "Send attempts that failed (outcome: retry, or failed for good).");
        _acks = meter.CreateCounter<long>("wagrpc.acks", "{ack}", "Acks of sent messages recorded, by status (sent, delivered, viewed).");
        _incoming = meter.CreateCounter<long>("wagrpc.messages.incoming", "{message}", "Messages received (from others, or sent from the phone).");
        _deliveries = meter.CreateCounter<long>("wagrpc.webhook.deliveries", "{delivery}", "Webhook POSTs by outcome (delivered, retry, dead_letter).");
        _subscribers = meter.CreateUpDownCounter<long>("wagrpc.stream.subscribers", "{stream}", "Open event streams.");
        meter.CreateObservableGauge("wagrpc.queue.depth", queue.CountUnsent, "{message}", "Outbound messages not sent yet (waiting, being sent, or failed).");
        meter.CreateObservableGauge("wagrpc.actions.depth", () => (long)actions.CountUndone(), "{action}", "Actions (group changes, chat reads) not done yet.");
        meter.CreateObservableGauge("wagrpc.webhook.backlog", () => (long)outbox.CountWaiting(), "{event}", "Events waiting to be posted to the webhook.");
        meter.CreateObservableGauge("wagrpc.webhook.dead_letters", () => (long)outbox.CountDeadLetters(), "{delivery}", "Webhook deliveries given up on, until replayed.");
        meter.CreateObservableGauge("wagrpc.session.status", () => SessionStatus(session.Current.Status), "{status}", "1 for the session's current legacy status (label status), 0 for the others.");
    }

    public void Sent() => _sends.Add(1);

    /// <summary>A failed attempt: <paramref name="permanent"/> when the entry is given up.</summary>
    public void SendFailed(bool permanent) => _sendFailures.Add(1, new KeyValuePair<string, object?>("outcome", permanent ? "failed" : "retry"));

    /// <summary>Counts what a commit of engine facts added: incoming messages and acks.</summary>
    public void Recorded(IReadOnlyList<EventDocument> events)
    {
        foreach (var e in events)
        {
            if (e.Kind == EventKind.Message && e.Message is { FromMe: false })
            {
                _incoming.Add(1);
            }
            else if (e.Kind == EventKind.Ack && e.Ack is { } ack)
            {
                _acks.Add(1, new KeyValuePair<string, object?>("status", ack.Status));
            }
        }
    }

    /// <summary>One webhook POST's outcome: delivered, retry or dead_letter.</summary>
    public void Delivery(string outcome) => _deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void StreamOpened() => _subscribers.Add(1);

    public void StreamClosed() => _subscribers.Add(-1);

    private static IEnumerable<Measurement<long>> SessionStatus(AccountStatus current) =>
        Enum.GetValues<AccountStatus>().Select(s => new Measurement<long>(s == current ? 1 : 0, new KeyValuePair<string, object?>("status", s.ToLegacyName())));
}
