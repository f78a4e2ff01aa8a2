using System.Diagnostics;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Bench;

/// <summary>
/// Queued text messages sent through the linked session in real Chromium to the stand-in, pacing
/// off: from the commit of 2,000 queued entries (to 20 chats) until the queue is empty.
/// </summary>
public static class BrowserSendBench
{
    private const int Chats = 20;

    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            report.Skip("sends through Chromium", "no /usr/bin/chromium");
            return;
        }

        var total = report.Size.Of(2_000, 60);
        await using var gateway = await BenchGateway.StartAsync(scratch.NewDir("browser-send"), engine: null);
        await gateway.LinkSandboxAsync();
        var queue = gateway.Services.GetRequiredService<OutboundQueue>();
        var entries = Enumerable.Range(0, total)
            .Select(i => QueueDocument.NewSend(QueueKind.Text, $"1747282{i % Chats:D4}@c.us", $"message {i}"))
            .ToList();
        var watch = Stopwatch.StartNew();
        await queue.EnqueueAllAsync(entries);
        while (queue.CountUnsent() > 0)
        {
            if (queue.ListUnsent(1) is [{ State: QueueState.Failed } failed])
            {
                throw new InvalidOperationException($"queue entry {failed.QueueNumber} failed: {failed.Error}");
            }

            await Task.Delay(20);
        }

        var rate = total / watch.Elapsed.TotalSeconds;
        report.Add(new Figure("sends through Chromium to the stand-in, pacing off", rate, "/s")
        {
            Target = "≥ 200/s",
            Met = report.Size.Judge(rate >= 200),
            Notes = $"{total:N0} queued to {Chats} chats, until the queue is empty",
        });
    }
}
