namespace WaGrpc.Bench;

/// <summary>
/// Live latency of incoming messages: the engine reports 500 messages/s, each stamped with its
/// report time; 100 gRPC StreamEvents subscribers record report → receipt. The baseline, in the
/// same gateway and run, is 100 clients polling GET /messages every second. The clients run in a
/// process of their own (<see cref="ClientProcess"/>); the CPU time of the gateway's process and of
/// the clients' is taken over each phase, next to the cost of the ingest alone.
/// </summary>
public static class StreamLatencyBench
{
    private const int PerSecond = 500;
    private const int Subscribers = 100;
    private const int Pollers = 100;

    private const int WarmUpRounds = 4;

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

        var warmUp = await WarmUpAsync(gateway, engine, scratch, size);

        var ingestCpu = await ProcessCpu.MeasureAsync(() => PacedEmitter.EmitAsync(engine, "alone", count, PerSecond));
        var stream = new LatencySeries($"StreamEvents, {Subscribers} subscribers, {PerSecond} msg/s");
        var commits = new LatencySeries("commit of each incoming message (stream phase)");
        var gcBefore = GC.GetTotalPauseDuration();
        using var hiccups = HiccupMonitor.Start();
        var streamCpu = await StreamPhaseAsync(gateway, engine, scratch, "stream", count, Subscribers, stream, commits);
        var gcPauses = GC.GetTotalPauseDuration() - gcBefore;
        var conditions = $"{ProcessCpu.Load()}; {hiccups.Summary()}";
        var poll = new LatencySeries($"GET /messages every 1 s, {Pollers} pollers, {PerSecond} msg/s");
        var pollCpu = await PollPhaseAsync(gateway, engine, scratch, "poll", count, Pollers, poll);
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
                + $"GC pauses {gcPauses.TotalMilliseconds:N0} ms in all; polling p50 {poll.Percentile(50):N0} ms; {conditions}; {warmUp}",
        });
        report.Add(new Figure("live latency, polling p99 ÷ stream p99", ratio, "×")
        {
            Target = "≥ 20×",
            Met = size.Judge(ratio >= 20),
        });
        report.Add(new Figure($"gateway CPU during the stream phase ({Subscribers} subscribers)", streamCpu.Gateway, "s")
        {
            BaselineName = $"polling phase, {Pollers} clients every 1 s",
            Baseline = pollCpu.Gateway,
            Target = "lower than polling",
            Met = size.Judge(streamCpu.Gateway < pollCpu.Gateway),
            Notes = $"{what}; the gateway's process (with the emitter), the clients in a process of their own: "
                + $"they used {streamCpu.Clients:0.00} s (subscribers) and {pollCpu.Clients:0.00} s (pollers); "
                + $"the ingest alone (no reader) took {ingestCpu:0.00} s; {ProcessCpu.Load()}",
        });
    }

    /// <summary>
    /// Runs both paths, not measured, in rounds of a stream phase and a polling phase at full size:
    /// the runtime moves hot methods up to optimized code in steps as they are called, so the first
    /// phases of a young process run partly unoptimized code, and without this the phase measured
    /// first paid for it. Answers what it did, for the notes.
    /// </summary>
    private static async Task<string> WarmUpAsync(BenchGateway gateway, EmittingEngine engine, Scratch scratch, BenchSize size)
    {
        var messages = size.Of(1_000, 100);
        var rounds = size.Of(WarmUpRounds);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long compiled = 0;
        for (var round = 1; round <= rounds; round++)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await StreamPhaseAsync(gateway, engine, scratch, $"warmstream{round}", messages, Subscribers, new LatencySeries("warm-up"));
            await PollPhaseAsync(gateway, engine, scratch, $"warmpoll{round}", messages, Pollers, new LatencySeries("warm-up"));
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
        }

        return $"measured after {rounds} warm-up rounds of {messages:N0} messages each way ({watch.Elapsed.TotalSeconds:0} s; the JIT compiled {compiled} methods in the last)";
    }

    /// <summary>
    /// Opens the subscribers (in their own process), emits, and waits until each has every message;
    /// answers the CPU seconds of the emit-and-deliver part: this process's (the gateway and the
    /// emitter) and the clients'.
    /// </summary>
    private static Task<(double Gateway, double Clients)> StreamPhaseAsync(BenchGateway gateway, EmittingEngine engine, Scratch scratch, string tag, int count, int subscribers, LatencySeries latency, LatencySeries? commits = null) =>
        PhaseAsync(gateway, engine, scratch, "stream", tag, count, subscribers, 0, latency, commits);

    /// <summary>Starts the pollers (in their own process, after the log's last message), emits, and waits until each has every message; answers the CPU seconds as above.</summary>
    private static async Task<(double Gateway, double Clients)> PollPhaseAsync(BenchGateway gateway, EmittingEngine engine, Scratch scratch, string tag, int count, int pollers, LatencySeries latency) =>
        await PhaseAsync(gateway, engine, scratch, "poll", tag, count, pollers, await MessagePoller.LastNumberAsync(gateway.Http), latency, commits: null);

    private static async Task<(double Gateway, double Clients)> PhaseAsync(BenchGateway gateway, EmittingEngine engine, Scratch scratch, string mode, string tag, int count, int clientCount, long after, LatencySeries latency, LatencySeries? commits)
    {
        using var clients = await ClientProcess.StartAsync(gateway, mode, tag, count, clientCount, after, scratch.NewDir(tag));
        var cpu = await ProcessCpu.MeasureAsync(async () =>
        {
            await PacedEmitter.EmitAsync(engine, tag, count, PerSecond, commits);
            await clients.FinishAsync(latency, TimeSpan.FromSeconds(60));
        });
        return (cpu, clients.Cpu);
    }
}
