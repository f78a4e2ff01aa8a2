namespace WaGrpc.Bench;

/// <summary>
/// What a run of calls cost the process (gateway and client together), whatever the machine's
/// load: CPU time and bytes allocated per call, and the collections they caused. A latency
/// percentile on a shared machine means little without it.
/// </summary>
public readonly record struct CallCost(TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2)
{
    public static CallCost Start() =>
        new(ProcessCpu.Used(), GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    /// <summary>Since <see cref="Start"/>, per call ("CPU 1.9 ms, 450 KB allocated; 41/3/0 collections of gen0/1/2").</summary>
    public string Summary(int calls)
    {
        var now = Start();
        return $"CPU {(now.Cpu - Cpu).TotalMilliseconds / calls:0.00} ms, {(now.Allocated - Allocated) / 1024.0 / calls:0} KB allocated; "
            + $"{now.Gen0 - Gen0}/{now.Gen1 - Gen1}/{now.Gen2 - Gen2} collections of gen0/1/2 in {calls} calls";
    }
}
