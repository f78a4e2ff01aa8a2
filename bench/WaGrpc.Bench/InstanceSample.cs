namespace WaGrpc.Bench;

/// <summary>
/// The gateway with <see cref="Instances"/> linked instances: the memory of its tree by category,
/// each instance's share, the CPU of an idle window and of a burst of <see cref="BurstMessages"/> sends.
/// </summary>
public sealed record InstanceSample(
    int Instances, SessionMemory Memory, IReadOnlyList<InstanceFootprint> Footprints, TreeCpu Idle, TreeCpu Burst, int BurstMessages, string Load)
{
    public double TotalMb => Memory.GatewayMb + Memory.DriverMb + Memory.ChromiumMb;

    public double TotalAnonMb => Memory.GatewayAnonMb + Memory.DriverAnonMb + Memory.ChromiumAnonMb;

    /// <summary>CPU milliseconds per message sent during the burst, all processes.</summary>
    public double BurstCpuMsPerMessage => Burst.TotalSeconds * 1000 / BurstMessages;
}
