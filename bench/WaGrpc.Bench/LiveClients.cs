using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using WaGrpc.Contracts.Events.V1;

namespace WaGrpc.Bench;

/// <summary>
/// The live-latency bench's clients, in a process of their own (<see cref="ClientProcess"/> starts
/// it) so that the gateway's CPU is measured apart from theirs, as a gateway's operator sees it:
/// gRPC StreamEvents subscribers, or pollers of GET /messages. It prints <c>ready</c> when its
/// clients are in place (subscribers subscribed), then the CPU seconds it used from then until every
/// client had every message (<c>cpu &lt;s&gt;</c>), and writes the latencies to a file.
/// </summary>
public static class LiveClients
{
    /// <summary>The first argument of the bench that makes it this process.</summary>
    public const string Flag = "--live-clients";

    /// <summary>
    /// Arguments: stream|poll, gRPC URI, REST URI, tag, messages per client, clients, the last message
    /// number before (pollers start after it), the latency file (doubles, milliseconds).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (mode, grpcUri, restUri, tag) = (args[0], new Uri(args[1]), new Uri(args[2]), args[3]);
        var count = int.Parse(args[4], CultureInfo.InvariantCulture);
        var clients = int.Parse(args[5], CultureInfo.InvariantCulture);
        var after = long.Parse(args[6], CultureInfo.InvariantCulture);
        var latency = new LatencySeries(mode);
        using var channel = BenchGateway.NewChannel(grpcUri);
        using var http = BenchGateway.NewHttpClient(restUri);
        Task[] running;
        TimeSpan cpuBefore;
        if (mode == "stream")
        {
            var client = new EventsService.EventsServiceClient(channel);
            var auth = BenchGateway.NewAuth();
            // No cursor: live events only, as a bot that follows the session does.
            var calls = Enumerable.Range(0, clients)
                .Select(_ => client.StreamEvents(new StreamEventsRequest { Kinds = { EventKind.Message } }, auth))
                .ToArray();
            // The gateway answers a stream's headers once it is subscribed.
            await Task.WhenAll(calls.Select(c => c.ResponseHeadersAsync));
            cpuBefore = ProcessCpu.Used();
            running = calls.Select(call => Task.Run(() => ReadAsync(call, tag, count, latency))).ToArray();
        }
        else
        {
            var interval = TimeSpan.FromSeconds(1);
            cpuBefore = ProcessCpu.Used();
            running = Enumerable.Range(0, clients)
                .Select(p => MessagePoller.PollAsync(http, after, tag, count, interval, interval * p / clients, latency, CancellationToken.None))
                .ToArray();
        }

        Console.WriteLine("ready");
        await Task.WhenAll(running);
        Console.WriteLine($"cpu {(ProcessCpu.Used() - cpuBefore).TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        await using (var file = new BinaryWriter(File.Create(args[7])))
        {
            foreach (var ms in latency.Sorted())
            {
                file.Write(ms);
            }
        }

        return 0;
    }

    private static async Task ReadAsync(AsyncServerStreamingCall<StreamEventsResponse> call, string tag, int expected, LatencySeries latency)
    {
        using (call)
        {
            var seen = 0;
            while (seen < expected && await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var receivedAt = Stopwatch.GetTimestamp();
                if (call.ResponseStream.Current.Message is { } message && PacedEmitter.LatencyOf(message.Body, tag, receivedAt) is { } ms)
                {
                    latency.Add(ms);
                    seen++;
                }
            }
        }
    }
}
