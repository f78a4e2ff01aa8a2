using System.Diagnostics;
using System.Text.Json;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Storage;
using EventLog = WaGrpc.Storage.EventLog;

namespace WaGrpc.Bench;

/// <summary>
/// A long log read back: 1,000,000 message events are written through the event log in batches
/// (as the engine's sink writes them), then one StreamEvents subscriber replays them all from
/// cursor 0, and GET /messages reads pages of 100 at random places of the same log. Each figure
/// has the store's own part as its baseline (the same reads straight from <see cref="EventLog"/>),
/// which tells how much of the time is LiteDB and how much the API around it.
/// </summary>
public static class ReplayBench
{
    private const int FillBatch = 1_000;
    private const int StorePage = 500;
    private const int Pages = 200;
    private const int PageSize = 100;
    private const int Warmup = 10;

    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        var size = report.Size;
        var messages = size.Of(1_000_000, 20_000);
        await using var gateway = await BenchGateway.StartAsync(scratch.NewDir("replay"), new IdleEngine());
        var eventLog = gateway.Services.GetRequiredService<EventLog>();
        var fillSeconds = await FillAsync(eventLog, messages);
        var lastCursor = eventLog.LastCursor;
        Console.WriteLine($"filled {messages:N0} messages ({lastCursor:N0} events) in {fillSeconds:0.0} s");

        var load = ProcessCpu.Load();
        var replaySeconds = 0.0;
        var replayCpu = await ProcessCpu.MeasureAsync(async () => replaySeconds = await ReplayAsync(gateway, lastCursor));
        var rate = lastCursor / replaySeconds;
        var storeWatch = Stopwatch.StartNew();
        var storeCpu = await ProcessCpu.MeasureAsync(() => Task.Run(() => ReadStore(eventLog, lastCursor)));
        var storeRate = lastCursor / storeWatch.Elapsed.TotalSeconds;
        report.Add(new Figure($"StreamEvents replay from cursor 0 over {lastCursor:N0} events", rate, "/s")
        {
            BaselineName = $"EventLog.ReadEvents alone, pages of {StorePage}",
            Baseline = storeRate,
            Target = "≥ 100,000/s",
            Met = size.Judge(rate >= 100_000 && lastCursor >= 1_000_000),
            Notes = $"one subscriber, {replaySeconds:0.0} s, process CPU {replayCpu:0.0} s (store read alone {storeCpu:0.0} s); "
                + $"log written at {messages / fillSeconds:N0} messages/s in batches of {FillBatch:N0}; {load}",
        });

        using var hiccups = HiccupMonitor.Start();
        var (api, store, apiCost) = await PagesAsync(gateway, eventLog, messages);
        var stalls = hiccups.Summary();
        report.AddLatency(api);
        var p99 = api.Percentile(99);
        report.Add(new Figure($"GET /messages page of {PageSize} on a {messages:N0}-message log, p99", p99, "ms")
        {
            BaselineName = "EventLog.ReadMessages alone, p99",
            Baseline = store.Percentile(99),
            Target = "≤ 5 ms",
            Met = size.Judge(p99 <= 5 && messages >= 1_000_000),
            Notes = $"{Pages} calls at random lastMessageNumber, limit={PageSize}; p50 {api.Percentile(50):0.00} ms (store alone {store.Percentile(50):0.00} ms), "
                + $"max {api.Percentile(100):0.0} ms; per call {apiCost}; {ProcessCpu.Load()}; {stalls}",
        });
    }

    /// <summary>Writes the messages in batches, two batches in flight (the writer commits what waits together); answers seconds.</summary>
    private static async Task<double> FillAsync(EventLog eventLog, int messages)
    {
        var watch = Stopwatch.StartNew();
        Task? previous = null;
        for (var start = 0; start < messages; start += FillBatch)
        {
            var facts = new EngineFact[Math.Min(FillBatch, messages - start)];
            for (var i = 0; i < facts.Length; i++)
            {
                var n = start + i;
                facts[i] = EmittingEngine.Incoming($"REPLAY{n:D8}", $"message {n} of the replay log");
            }

            var current = eventLog.AppendFactsAsync(facts);
            if (previous is not null)
            {
                await previous;
            }

            previous = current;
        }

        if (previous is not null)
        {
            await previous;
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Streams from cursor 0 until the last cursor came, checking that cursors are contiguous; answers seconds.</summary>
    private static async Task<double> ReplayAsync(BenchGateway gateway, long lastCursor)
    {
        var client = new EventsService.EventsServiceClient(gateway.Channel);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var watch = Stopwatch.StartNew();
        using var call = client.StreamEvents(new StreamEventsRequest { AfterCursor = 0 }, gateway.Auth, cancellationToken: stop.Token);
        long cursor = 0;
        while (cursor < lastCursor && await call.ResponseStream.MoveNext(stop.Token))
        {
            var next = call.ResponseStream.Current.Cursor;
            cursor = next == cursor + 1 ? next : throw new InvalidOperationException($"replay jumped from cursor {cursor} to {next}");
        }

        var seconds = watch.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        return cursor < lastCursor ? throw new InvalidOperationException($"replay ended at cursor {cursor} of {lastCursor}") : seconds;
    }

    /// <summary>What the stream's loop reads from the store, without the stream: every event, page by page.</summary>
    private static void ReadStore(EventLog eventLog, long lastCursor)
    {
        long cursor = 0;
        while (cursor < lastCursor)
        {
            var page = eventLog.ReadEvents(cursor, StorePage);
            cursor = page.Count > 0 ? page[^1].Cursor : throw new InvalidOperationException($"the store ended at cursor {cursor}");
        }
    }

    /// <summary>
    /// Pages through GET /messages, then reads the same places straight from the event log. The two
    /// series are taken one after the other, not call by call, so the garbage of one (a store read
    /// allocates about as much as the request around it) is not collected in the middle of the other.
    /// </summary>
    private static async Task<(LatencySeries Api, LatencySeries Store, string ApiCost)> PagesAsync(BenchGateway gateway, EventLog eventLog, int messages)
    {
        var api = new LatencySeries($"GET /messages limit={PageSize}, {messages:N0}-message log");
        var store = new LatencySeries($"EventLog.ReadMessages limit={PageSize}, {messages:N0}-message log");
        var random = new Random(42);
        var places = new long[Warmup + Pages];
        for (var i = 0; i < places.Length; i++)
        {
            places[i] = random.NextInt64(0, messages - PageSize);
        }

        // What the fill and the replay left behind is collected now, not during the measured calls.
        Settle();
        var cost = new CallCost();
        for (var i = 0; i < places.Length; i++)
        {
            if (i == Warmup)
            {
                cost = CallCost.Start();
            }

            var after = places[i];
            var start = Stopwatch.GetTimestamp();
            var bytes = await gateway.Http.GetByteArrayAsync($"/messages?token={BenchGateway.Token}&lastMessageNumber={after}&limit={PageSize}");
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            using var page = JsonDocument.Parse(bytes);
            var count = page.RootElement.GetProperty("messages").GetArrayLength();
            if (count != PageSize)
            {
                throw new InvalidOperationException($"/messages after {after} answered {count} messages, expected {PageSize}");
            }

            // The first calls warm the path up (JIT, the connection).
            if (i >= Warmup)
            {
                api.Add(elapsed);
            }
        }

        var apiCost = cost.Summary(Pages);
        Settle();
        for (var i = 0; i < places.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var direct = eventLog.ReadMessages(new MessageQuery(places[i], false, null, PageSize, null, null));
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (direct.Messages.Count != PageSize)
            {
                throw new InvalidOperationException($"the store after {places[i]} answered {direct.Messages.Count} messages, expected {PageSize}");
            }

            if (i >= Warmup)
            {
                store.Add(elapsed);
            }
        }

        return (api, store, apiCost);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
