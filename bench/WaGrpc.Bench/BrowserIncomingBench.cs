using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WaGrpc.Bench;

/// <summary>
/// Incoming messages end to end: the sandbox network pushes them to the stand-in page in real
/// Chromium, the page script reports them in batches through its binding, and the gateway commits
/// them to the log. Measured until /messages holds them all.
/// </summary>
public static class BrowserIncomingBench
{
    private const int Senders = 16;

    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            report.Skip("incoming messages through Chromium", "no /usr/bin/chromium");
            return;
        }

        var perSender = report.Size.Of(1_000, 64) / Senders;
        await using var gateway = await BenchGateway.StartAsync(scratch.NewDir("browser-incoming"), engine: null);
        await gateway.LinkSandboxAsync();
        var http = gateway.Http;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async s =>
        {
            for (var i = 0; i < perSender; i++)
            {
                using var response = await http.PostAsJsonAsync($"/sandbox/api/messages?token={BenchGateway.Token}", new { from = $"1747282{s:D4}", body = $"message {i}" });
                response.EnsureSuccessStatusCode();
            }
        }));
        var total = perSender * Senders;
        while ((await http.GetFromJsonAsync<JsonObject>($"/messages?token={BenchGateway.Token}&last=1"))!["lastMessageNumber"]!.GetValue<long>() < total)
        {
            await Task.Delay(20);
        }

        report.Add(new Figure("incoming messages through Chromium into the log", total / watch.Elapsed.TotalSeconds, "/s")
        {
            Notes = $"{total:N0} from {Senders} senders via the sandbox network, page binding batches",
        });
    }
}
