using System.Diagnostics;
using System.Text.Json;

namespace WaGrpc.Bench;

/// <summary>
/// A client that polls GET /messages every interval from the last message number it saw (reading
/// on at once while pages come back full), the way bots on the legacy API follow the log.
/// </summary>
public static class MessagePoller
{
    private const int PageLimit = 1_000;

    /// <summary>
    /// Polls from <paramref name="afterNumber"/> until <paramref name="expected"/> messages of
    /// <paramref name="tag"/> arrived, recording each one's latency; the first poll comes after
    /// <paramref name="offset"/> (pollers spread over the interval, as independent clients are).
    /// </summary>
    public static async Task PollAsync(HttpClient http, long afterNumber, string tag, int expected, TimeSpan interval, TimeSpan offset, LatencySeries latency, CancellationToken cancellationToken)
    {
        var last = afterNumber;
        var seen = 0;
        var clock = Stopwatch.StartNew();
        var next = offset;
        while (seen < expected)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            next += interval;
            int pageCount;
            do
            {
                var bytes = await http.GetByteArrayAsync($"/messages?token={BenchGateway.Token}&lastMessageNumber={last}&limit={PageLimit}", cancellationToken);
                var receivedAt = Stopwatch.GetTimestamp();
                using var page = JsonDocument.Parse(bytes);
                var messages = page.RootElement.GetProperty("messages");
                pageCount = messages.GetArrayLength();
                foreach (var message in messages.EnumerateArray())
                {
                    if (PacedEmitter.LatencyOf(message.GetProperty("body").GetString() ?? "", tag, receivedAt) is { } ms)
                    {
                        latency.Add(ms);
                        seen++;
                    }
                }

                last = Number(page.RootElement.GetProperty("lastMessageNumber"));
            }
            while (pageCount == PageLimit);
        }
    }

    /// <summary>The last message number in the log.</summary>
    public static async Task<long> LastNumberAsync(HttpClient http)
    {
        using var page = JsonDocument.Parse(await http.GetByteArrayAsync($"/messages?token={BenchGateway.Token}&last=1"));
        return Number(page.RootElement.GetProperty("lastMessageNumber"));
    }

    // Protobuf JSON may write 64-bit numbers as strings.
    private static long Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetInt64();
}
