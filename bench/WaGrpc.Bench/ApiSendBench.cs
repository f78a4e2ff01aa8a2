using System.Diagnostics;
using System.Net.Http.Json;
using WaGrpc.Contracts.Messaging.V1;

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

        await using (var gateway = await BenchGateway.StartAsync(scratch.NewDir("grpc"), new IdleEngine()))
        {
            var client = new MessagingService.MessagingServiceClient(gateway.Channel);
            var latency = new LatencySeries("gRPC SendMessage (64 streams)");
            await client.SendMessageAsync(new SendMessageRequest { Phone = "17472822486", Body = "warm-up" }, gateway.Auth);
            var rate = await RunConcurrentAsync(size.Of(60_000, 640), latency, () =>
                client.SendMessageAsync(new SendMessageRequest { Phone = "17472822486", Body = "hello" }, gateway.Auth).ResponseAsync);
            report.Add(new Figure("durable gRPC SendMessage, 64 streams", rate, "/s")
            {
                BaselineName = "raw LiteDB commits",
                Baseline = raw,
                Target = "≥ 5,000/s and ≥ 1.0× baseline",
                Met = size.Judge(rate >= 5_000 && rate >= raw),
                Notes = $"p50 {latency.Percentile(50):0.0} ms, p99 {latency.Percentile(99):0.0} ms",
            });
            report.AddLatency(latency);
        }

        await using (var gateway = await BenchGateway.StartAsync(scratch.NewDir("rest"), new IdleEngine()))
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency }) { BaseAddress = gateway.Http.BaseAddress };
            var latency = new LatencySeries("REST /sendMessage (64 connections)");
            var url = $"/sendMessage?token={BenchGateway.Token}";
            (await http.PostAsJsonAsync(url, new { phone = "17472822486", body = "warm-up" })).EnsureSuccessStatusCode();
            var rate = await RunConcurrentAsync(size.Of(40_000, 640), latency, async () =>
            {
                using var response = await http.PostAsJsonAsync(url, new { phone = "17472822486", body = "hello" });
                response.EnsureSuccessStatusCode();
            });
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
