using System.Diagnostics;
using System.Globalization;

namespace WaGrpc.Bench;

/// <summary>
/// The CPU time of this process (gateway and in-process clients together), and the machine's load
/// while a figure was taken: wall-clock figures on a shared machine mean little without them.
/// </summary>
public static class ProcessCpu
{
    /// <summary>The CPU time the process has used so far.</summary>
    public static TimeSpan Used()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Runs <paramref name="work"/>; answers the process's CPU seconds during it.</summary>
    public static async Task<double> MeasureAsync(Func<Task> work)
    {
        var before = Used();
        await work();
        return (Used() - before).TotalSeconds;
    }

    /// <summary>
    /// How long the same small piece of pure computation takes, timed 200 times on this thread:
    /// its p99 against its p50 shows how long a busy machine keeps a runnable thread waiting,
    /// which bounds what any latency percentile measured beside it can mean.
    /// </summary>
    public static string Stalls()
    {
        var series = new LatencySeries("fixed work");
        var sink = 0.0;
        for (var i = 0; i < 200; i++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var k = 0; k < 100_000; k++)
            {
                sink += Math.Sqrt(k + i);
            }

            series.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        GC.KeepAlive(sink);
        return $"the same {series.Percentile(50):0.00} ms of computation timed 200×: p99 {series.Percentile(99):0.0} ms, max {series.Percentile(100):0.0} ms";
    }

    /// <summary>The 1-minute load average and the number of cores ("load 3.1 on 2 cores"), where Linux tells it.</summary>
    public static string Load()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return $"load {double.Parse(first, CultureInfo.InvariantCulture):0.0} on {Environment.ProcessorCount} cores";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return $"{Environment.ProcessorCount} cores";
        }
    }
}
