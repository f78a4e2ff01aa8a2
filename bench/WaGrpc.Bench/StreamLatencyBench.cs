using System.Diagnostics;
using Grpc.Core;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Storage;

namespace WaGrpc.Bench;

/// <summary>
/// Live latency of incoming messages: the engine reports 500 messages/s, each stamped with its
/// report time; 100 gRPC StreamEvents subscribers record report → receipt. The baseline, in the
/// same gateway and run, is 100 clients polling GET /messages every second. The process's CPU
/// time is taken over each phase (gateway and clients share the process: both phases' clients
/// parse the same number of messages), next to the cost of the ingest alone.
/// </summary>
public static class StreamLatencyBench
{
    private const int PerSecond = 500;
    private const int Subscribers = 100;
    private const int Pollers = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        var size = report.Size;
        var count = size.Of(10_000, 500);
        var engine = new EmittingEngine();
        await using var gateway = await BenchGateway.StartAsync(scratch.NewDir("stream"), engine);
        while (await gateway.StatusAsync() != "authenticated")
        {
            await Task.Delay(20);
        }

        // Warm-up of both paths (JIT, connections), not measured.
        await StreamPhaseAsync(gateway, engine, "warmstream", 250, 10, new LatencySeries("warm-up"));
        await PollPhaseAsync(gateway, engine, "warmpoll", 250, 10, new LatencySeries("warm-up"));

        var ingestCpu = await ProcessCpu.MeasureAsync(() => PacedEmitter.EmitAsync(engine, "alone", count, PerSecond));
        var stream = new LatencySeries($"StreamEvents, {Subscribers} subscribers, {PerSecond} msg/s");
        var commits = new LatencySeries("commit of each incoming message (stream phase)");
        var gcBefore = GC.GetTotalPauseDuration();
        using var hiccups = HiccupMonitor.Start();
        var streamCpu = await StreamPhaseAsync(gateway, engine, "stream", count, Subscribers, stream, commits);
        var gcPauses = GC.GetTotalPauseDuration() - gcBefore;
        var conditions = $"{ProcessCpu.Load()}; {hiccups.Summary()}";
        var poll = new LatencySeries($"GET /messages every 1 s, {Pollers} pollers, {PerSecond} msg/s");
        var pollCpu = await PollPhaseAsync(gateway, engine, "poll", count, Pollers, poll);
        report.AddLatency(stream);
        report.AddLatency(poll);

        var streamP99 = stream.Percentile(99);
        var pollP99 = poll.Percentile(99);
        var ratio = pollP99 / streamP99;
        var what = $"{count:N0} messages at {PerSecond}/s";
        report.Add(new Figure($"live latency, StreamEvents to {Subscribers} subscribers at {PerSecond} msg/s, p99", streamP99, "ms")
        {
            BaselineName = $"GET /messages polled every 1 s by {Pollers} clients, p99",
            Baseline = pollP99,
            Target = "≤ 50 ms and ≥ 20× lower than polling",
            Met = size.Judge(streamP99 <= 50 && ratio >= 20),
            Notes = $"{what}, {stream.Count:N0} deliveries; p50 {stream.Percentile(50):0.0} ms, max {stream.Percentile(100):0.0} ms; "
                + $"of which the commit (report → FactsAsync returned): p50 {commits.Percentile(50):0.0} ms, p99 {commits.Percentile(99):0.0} ms; "
                + $"GC pauses {gcPauses.TotalMilliseconds:N0} ms in all; polling p50 {poll.Percentile(50):N0} ms; {conditions}",
        });
        report.Add(new Figure("live latency, polling p99 ÷ stream p99", ratio, "×")
        {
            Target = "≥ 20×",
            Met = size.Judge(ratio >= 20),
        });
        report.Add(new Figure($"process CPU during the stream phase ({Subscribers} subscribers)", streamCpu, "s")
        {
            BaselineName = $"polling phase, {Pollers} clients every 1 s",
            Baseline = pollCpu,
            Target = "lower than polling",
            Met = size.Judge(streamCpu < pollCpu),
            Notes = $"{what}; gateway and in-process clients together; the ingest alone (no reader) took {ingestCpu:0.00} s; {ProcessCpu.Load()}",
        });
    }

    /// <summary>Opens the subscribers, emits, and waits until each has every message; answers the CPU seconds of the emit-and-deliver part.</summary>
    private static async Task<double> StreamPhaseAsync(BenchGateway gateway, EmittingEngine engine, string tag, int count, int subscribers, LatencySeries latency, LatencySeries? commits = null)
    {
        var notifier = gateway.Services.GetRequiredService<EventNotifier>();
        var client = new EventsService.EventsServiceClient(gateway.Channel);
        var before = notifier.SubscriberCount;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, subscribers)
            .Select(_ => Task.Run(() => SubscribeAsync(client, gateway.Auth, tag, count, latency, stop.Token)))
            .ToArray();
        try
        {
            // Subscribed (registered for live events) before the first message is reported.
            while (notifier.SubscriberCount < before + subscribers)
            {
                await Task.Delay(10);
            }

            return await ProcessCpu.MeasureAsync(async () =>
            {
                await PacedEmitter.EmitAsync(engine, tag, count, PerSecond, commits);
                await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60));
            });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{tag}: subscribers had {latency.Count:N0} of {count * subscribers:N0} deliveries after 60 s");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task SubscribeAsync(EventsService.EventsServiceClient client, Metadata auth, string tag, int expected, LatencySeries latency, CancellationToken cancellationToken)
    {
        // No cursor: live events only, as a bot that follows the session does.
        using var call = client.StreamEvents(new StreamEventsRequest { Kinds = { EventKind.Message } }, auth, cancellationToken: cancellationToken);
        var seen = 0;
        while (seen < expected && await call.ResponseStream.MoveNext(cancellationToken))
        {
            var receivedAt = Stopwatch.GetTimestamp();
            if (call.ResponseStream.Current.Message is { } message && PacedEmitter.LatencyOf(message.Body, tag, receivedAt) is { } ms)
            {
                latency.Add(ms);
                seen++;
            }
        }
    }

    /// <summary>Starts the pollers, emits, and waits until each has every message; answers the CPU seconds.</summary>
    private static async Task<double> PollPhaseAsync(BenchGateway gateway, EmittingEngine engine, string tag, int count, int pollers, LatencySeries latency)
    {
        var after = await MessagePoller.LastNumberAsync(gateway.Http);
        using var stop = new CancellationTokenSource();
        try
        {
            return await ProcessCpu.MeasureAsync(async () =>
            {
                var clients = Enumerable.Range(0, pollers)
                    .Select(p => MessagePoller.PollAsync(gateway.Http, after, tag, count, PollInterval, PollInterval * p / pollers, latency, stop.Token))
                    .ToArray();
                await PacedEmitter.EmitAsync(engine, tag, count, PerSecond);
                await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));
            });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{tag}: pollers had {latency.Count:N0} of {count * pollers:N0} messages after 60 s");
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
}
