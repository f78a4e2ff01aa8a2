using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Net.Http.Json;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Bench;

/// <summary>
/// GET /showMessagesQueue (the count and the first 100) with 117,000 entries queued, against the
/// same call with 100 queued as the baseline: a listing that costs the same at any length.
/// </summary>
public static class QueueListingBench
{
    private const int Calls = 200;

    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        var queued = report.Size.Of(117_000, 2_000);
        await using var gateway = await BenchGateway.StartAsync(scratch.NewDir("queue"), new IdleEngine());
        var queue = gateway.Services.GetRequiredService<OutboundQueue>();
        await FillAsync(queue, 100);
        var small = await MeasureAsync(gateway, new LatencySeries("/showMessagesQueue, 100 queued"), 100);
        await FillAsync(queue, queued - 100);
        var large = await MeasureAsync(gateway, new LatencySeries($"/showMessagesQueue, {queued:N0} queued"), queued);
        report.AddLatency(large);
        report.Add(new Figure($"/showMessagesQueue with {queued:N0} queued, p99", large.Percentile(99), "ms")
        {
            BaselineName = "100 queued",
            Baseline = small.Percentile(99),
            Target = "≤ 5 ms at any length",
            Met = report.Size.Judge(large.Percentile(99) <= 5),
            Notes = $"{Calls} calls; p50 {large.Percentile(50):0.00} ms",
        });
    }

    private static async Task FillAsync(OutboundQueue queue, int count)
    {
        for (var done = 0; done < count; done += 1_000)
        {
            var batch = Enumerable.Range(0, Math.Min(1_000, count - done))
                .Select(_ => QueueDocument.NewSend(QueueKind.Text, "17472822486@c.us", "hello"))
                .ToList();
            await queue.EnqueueAllAsync(batch);
        }
    }

    private static async Task<LatencySeries> MeasureAsync(BenchGateway gateway, LatencySeries series, long expected)
    {
        var url = $"/showMessagesQueue?token={BenchGateway.Token}";
        for (var i = 0; i < Calls + 10; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var answer = await gateway.Http.GetFromJsonAsync<JsonObject>(url);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (answer!["totalMessages"]!.GetValue<long>() != expected)
            {
                throw new InvalidOperationException($"/showMessagesQueue counted {answer["totalMessages"]}, expected {expected}");
            }

            if (i >= 10)
            {
                series.Add(elapsed);
            }
        }

        return series;
    }
}
