using System.Diagnostics;

namespace WaGrpc.Bench;

/// <summary>
/// Measures, while a figure is taken, how late a thread that asks to wake every millisecond
/// actually runs (as jHiccup does): what the machine and the runtime (GC pauses, a busy CPU) add
/// to any latency measured beside it, whatever the code under test does.
/// </summary>
public sealed class HiccupMonitor : IDisposable
{
    private readonly LatencySeries _late = new("hiccups");
    private readonly Thread _thread;
    private volatile bool _stopped;

    private HiccupMonitor()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "bench hiccups" };
        _thread.Start();
    }

    public static HiccupMonitor Start() => new();

    /// <summary>Stops and describes the hiccups ("p99 3.1 ms, max 40 ms").</summary>
    public string Summary()
    {
        Dispose();
        return $"a thread waking every 1 ms ran late by p99 {_late.Percentile(99):0.0} ms, max {_late.Percentile(100):0} ms";
    }

    private void Run()
    {
        while (!_stopped)
        {
            var start = Stopwatch.GetTimestamp();
            Thread.Sleep(1);
            _late.Add(Math.Max(0, Stopwatch.GetElapsedTime(start).TotalMilliseconds - 1));
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }
}
