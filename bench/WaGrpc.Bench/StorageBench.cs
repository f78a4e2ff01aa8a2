using System.Diagnostics;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Bench;

/// <summary>
/// The baseline of the enqueue figures, raw LiteDB single-document commits on one thread (what a
/// naive durable queue would do), next to our queue's enqueue with one caller and with 64.
/// </summary>
public static class StorageBench
{
    /// <summary>The raw commit rate of the last run (the API figures compare with it).</summary>
    public static double RawCommitsPerSecond { get; private set; }

    public static async Task RunAsync(BenchReport report, Scratch scratch)
    {
        var size = report.Size;
        RawCommitsPerSecond = RawCommits(scratch.NewDir("raw"), size.Of(20_000, 200));
        report.Add(new Figure("raw LiteDB single-document commits (baseline)", RawCommitsPerSecond, "/s") { Notes = "one thread, one insert per commit, after as many commits to compile LiteDB's code" });

        var one = await EnqueueAsync(scratch.NewDir("enqueue1"), 1, size.Of(10_000, 200));
        report.Add(new Figure("queue enqueue, 1 caller", one, "/s") { BaselineName = "raw commits", Baseline = RawCommitsPerSecond });
        var many = await EnqueueAsync(scratch.NewDir("enqueue64"), 64, size.Of(64_000, 640));
        report.Add(new Figure("queue enqueue, 64 concurrent callers (group commits)", many, "/s") { BaselineName = "raw commits", Baseline = RawCommitsPerSecond });
    }

    /// <summary>
    /// Measures a bare LiteDB file: one document per transaction, after as many commits into another
    /// file so that LiteDB's code is compiled (JIT) before the clock starts, as the gateway's is.
    /// </summary>
    public static double RawCommits(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        Commit(Path.Combine(dir, "warm-up.db"), count);
        var watch = Stopwatch.StartNew();
        Commit(Path.Combine(dir, "raw.db"), count);
        return count / watch.Elapsed.TotalSeconds;
    }

    private static void Commit(string file, int count)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = file, Connection = ConnectionType.Direct });
        var collection = db.GetCollection<QueueDocument>("queue");
        for (var i = 1; i <= count; i++)
        {
            collection.Insert(new QueueDocument { QueueNumber = i, Kind = QueueKind.Text, ChatId = "17472822486@c.us", Body = "hello", State = QueueState.Pending });
        }
    }

    private static async Task<double> EnqueueAsync(string dir, int callers, int total)
    {
        using var database = new WaGrpcDatabase(Options.Create(new StorageOptions { DataDir = dir }));
        await using var writer = new StoreWriter(database, NullLogger<StoreWriter>.Instance);
        var queue = new OutboundQueue(database, writer, new EventNotifier(), TimeProvider.System);
        var perCaller = total / callers;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                await queue.EnqueueAsync(QueueDocument.NewSend(QueueKind.Text, "17472822486@c.us", "hello"));
            }
        }));
        return perCaller * callers / watch.Elapsed.TotalSeconds;
    }
}
