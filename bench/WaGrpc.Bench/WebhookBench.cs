using System.Diagnostics;
using System.Net.Http.Json;
using WaGrpc.Core.Engine;

namespace WaGrpc.Bench;

/// <summary>
/// Webhook delivery: incoming messages reported by the engine in batches of 100 (as the page's
/// binding reports them), recorded with their outbox rows, and posted by the webhook sender
/// (batches of up to 100, one POST at a time, in order) to a receiver on loopback. Measured from
/// the first report until the receiver has every message. The baseline is the sender alone: the
/// receiver holds its answer while as many messages are recorded, then the backlog is drained.
/// </summary>
public static class WebhookBench
{
    private const int EmitBatch = 100;
    private const int WarmUp = 200;

    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        var size = report.Size;
        var count = size.Of(20_000, 1_000);
        await using var receiver = await WebhookReceiver.StartAsync();
        var engine = new EmittingEngine();
        // A POST held by the receiver (the baseline) must not time out and wait for a retry.
        var settings = new Dictionary<string, string?> { ["WaGrpc:Webhook:Timeout"] = "00:10:00" };
        await using var gateway = await BenchGateway.StartAsync(scratch.NewDir("webhook"), engine, settings);
        while (await gateway.StatusAsync() != "authenticated")
        {
            await Task.Delay(20);
        }

        (await gateway.Http.PostAsJsonAsync($"/webhook?token={BenchGateway.Token}", new { webhookUrl = receiver.Url })).EnsureSuccessStatusCode();

        // Warm-up (JIT, the connection to the receiver), not measured.
        await EmitAsync(engine, "WARM", WarmUp);
        await receiver.WaitForAsync(WarmUp, TimeSpan.FromSeconds(30));
        var postsBefore = receiver.Posts;

        var watch = Stopwatch.StartNew();
        await EmitAsync(engine, "HOOK", count);
        var ingestSeconds = watch.Elapsed.TotalSeconds;
        await receiver.WaitForAsync(WarmUp + count, TimeSpan.FromMinutes(5));
        var seconds = watch.Elapsed.TotalSeconds;
        var posts = receiver.Posts - postsBefore;

        receiver.Hold();
        await EmitAsync(engine, "DRAIN", count);
        watch.Restart();
        receiver.Release();
        await receiver.WaitForAsync(WarmUp + 2 * count, TimeSpan.FromMinutes(5));
        var drain = count / watch.Elapsed.TotalSeconds;

        var rate = count / seconds;
        report.Add(new Figure("webhook delivery to a loopback receiver", rate, "/s")
        {
            BaselineName = $"the sender alone, a backlog of {count:N0} drained",
            Baseline = drain,
            Target = "≥ 1,000/s",
            Met = size.Judge(rate >= 1_000),
            Notes = $"{count:N0} incoming messages, first report to last received in {seconds:0.00} s; all reported and committed after "
                + $"{ingestSeconds:0.00} s ({count / ingestSeconds:N0}/s in batches of {EmitBatch}); {posts:N0} POSTs, {(double)count / posts:0} messages each; {ProcessCpu.Load()}",
        });
    }

    private static async Task EmitAsync(EmittingEngine engine, string tag, int count)
    {
        for (var start = 0; start < count; start += EmitBatch)
        {
            var facts = new EngineFact[Math.Min(EmitBatch, count - start)];
            for (var i = 0; i < facts.Length; i++)
            {
                facts[i] = EmittingEngine.Incoming($"{tag}{start + i:D8}", $"webhook message {start + i}");
            }

            await engine.EmitAsync(facts);
        }
    }
}
