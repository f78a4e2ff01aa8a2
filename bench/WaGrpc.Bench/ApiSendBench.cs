using System.Diagnostics;
using System.Net.Http.Json;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Storage;

namespace WaGrpc.Bench;

/// <summary>
/// Durable sends through the API with an idle session: gRPC SendMessage over 64 concurrent
/// streams on HTTP/2, and REST POST /sendMessage over 64 connections. Each answer comes after its
/// commit; the baseline is raw LiteDB single-document commits measured in the same run.
/// </summary>
public static class ApiSendBench
{
    private const int Concurrency = 64;

    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        var size = report.Size;
        var raw = StorageBench.RawCommitsPerSecond > 0 ? StorageBench.RawCommitsPerSecond : StorageBench.RawCommits(scratch.NewDir("raw"), size.Of(20_000, 200));

        var h2load = H2Load.Find();
        if (h2load is not null)
        {
            await H2LoadGrpcAsync(report, scratch, h2load, raw);
        }

        await using (var gateway = await BenchGateway.StartAsync(scratch.NewDir("grpc"), new IdleEngine()))
        {
            var client = new MessagingService.MessagingServiceClient(gateway.Channel);
            var latency = new LatencySeries("gRPC SendMessage (64 streams, Grpc.Net.Client)");
            Task Send() => client.SendMessageAsync(new SendMessageRequest { Phone = "17472822486", Body = "hello" }, gateway.Auth).ResponseAsync;
            await RunConcurrentAsync(size.Of(5_000, 64), new LatencySeries("warm-up"), Send);
            var rate = await RunConcurrentAsync(size.Of(60_000, 640), latency, Send);
            var notes = $"p50 {latency.Percentile(50):0.0} ms, p99 {latency.Percentile(99):0.0} ms";
            report.Add(h2load is null
                ? new Figure("durable gRPC SendMessage, 64 streams", rate, "/s")
                {
                    BaselineName = "raw LiteDB commits",
                    Baseline = raw,
                    Target = "≥ 5,000/s and ≥ 1.0× baseline",
                    Met = size.Judge(rate >= 5_000 && rate >= raw),
                    Notes = notes + "; load from Grpc.Net.Client in the gateway's process (h2load, package nghttp2-client, not installed)",
                }
                : new Figure("durable gRPC SendMessage, 64 streams, Grpc.Net.Client in the gateway's process", rate, "/s")
                {
                    BaselineName = "raw LiteDB commits",
                    Baseline = raw,
                    Notes = notes + "; after 5,000 calls to warm up; the client's own CPU shares the 2 cores with the gateway",
                });
            report.AddLatency(latency);
        }

        await using (var gateway = await BenchGateway.StartAsync(scratch.NewDir("rest"), new IdleEngine()))
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency }) { BaseAddress = gateway.Http.BaseAddress };
            var latency = new LatencySeries("REST /sendMessage (64 connections)");
            var url = $"/sendMessage?token={BenchGateway.Token}";
            async Task Send()
            {
                using var response = await http.PostAsJsonAsync(url, new { phone = "17472822486", body = "hello" });
                response.EnsureSuccessStatusCode();
            }

            await RunConcurrentAsync(size.Of(5_000, 64), new LatencySeries("warm-up"), Send);
            var rate = await RunConcurrentAsync(size.Of(40_000, 640), latency, Send);
            var p99 = latency.Percentile(99);
            report.Add(new Figure("durable REST /sendMessage, 64 connections", rate, "/s")
            {
                BaselineName = "raw LiteDB commits",
                Baseline = raw,
                Target = "≥ 3,000/s",
                Met = size.Judge(rate >= 3_000),
                Notes = $"p50 {latency.Percentile(50):0.0} ms, p99 {p99:0.0} ms",
            });
            report.AddLatency(latency);
        }
    }

    /// <summary>gRPC SendMessage with h2load's 64 streams on one connection; every answered call must be in the queue.</summary>
    private static async Task H2LoadGrpcAsync(BenchReport report, Scratch scratch, string h2load, double raw)
    {
        var size = report.Size;
        await using var gateway = await BenchGateway.StartAsync(scratch.NewDir("grpc-h2load"), new IdleEngine());
        var total = size.Of(60_000, 640);
        var warmUp = size.Of(5_000, 64);
        var method = $"/{MessagingService.Descriptor.FullName}/SendMessage";
        var request = new SendMessageRequest { Phone = "17472822486", Body = "hello" };
        await H2Load.RunAsync(h2load, gateway.GrpcUri, method, request, BenchGateway.Token, warmUp, Concurrency, new LatencySeries("warm-up"), scratch.NewDir("h2load-warm-up"));
        var latency = new LatencySeries("gRPC SendMessage (64 streams, h2load)");
        var result = await H2Load.RunAsync(h2load, gateway.GrpcUri, method, request, BenchGateway.Token, total, Concurrency, latency, scratch.NewDir("h2load"));
        var stored = gateway.Services.GetRequiredService<OutboundQueue>().CountUnsent() - warmUp;
        if (result.Succeeded != total || stored != total)
        {
            throw new InvalidOperationException($"h2load: {result.Succeeded} of {total} calls answered 200, {stored} stored");
        }

        report.Add(new Figure("durable gRPC SendMessage, 64 streams", result.PerSecond, "/s")
        {
            BaselineName = "raw LiteDB commits",
            Baseline = raw,
            Target = "≥ 5,000/s and ≥ 1.0× baseline",
            Met = size.Judge(result.PerSecond >= 5_000 && result.PerSecond >= raw),
            Notes = $"p50 {latency.Percentile(50):0.0} ms, p99 {latency.Percentile(99):0.0} ms; load from h2load (one connection, {Concurrency} streams, {total:N0} calls after {warmUp:N0} to warm up), all {stored:N0} in the queue after",
        });
        report.AddLatency(latency);
    }

    /// <summary>Runs <paramref name="total"/> calls from 64 concurrent loops; answers calls per second.</summary>
    public static async Task<double> RunConcurrentAsync(int total, LatencySeries latency, Func<Task> call)
    {
        var perLoop = Math.Max(1, total / Concurrency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (var i = 0; i < perLoop; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                latency.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        return perLoop * Concurrency / watch.Elapsed.TotalSeconds;
    }
}
