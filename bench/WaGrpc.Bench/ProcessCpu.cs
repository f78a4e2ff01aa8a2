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
