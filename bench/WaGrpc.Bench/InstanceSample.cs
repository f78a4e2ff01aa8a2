namespace WaGrpc.Bench;

/// <summary>
/// The gateway with <see cref="Instances"/> linked instances: the memory of its tree by category,
/// each instance's share, the CPU of an idle window and of a burst of <see cref="BurstMessages"/> sends,
/// and the CPU of starting and linking the <see cref="Started"/> instances created to reach this size.
/// </summary>
public sealed record InstanceSample(
    int Instances, SessionMemory Memory, IReadOnlyList<InstanceFootprint> Footprints, TreeCpu Idle, TreeCpu Burst, int BurstMessages, TreeCpu Start, int Started, string Load)
{
    public double TotalMb => Memory.GatewayMb + Memory.DriverMb + Memory.ChromiumMb;

    public double TotalOwnMb => Memory.GatewayOwnMb + Memory.DriverOwnMb + Memory.ChromiumOwnMb;

    /// <summary>CPU milliseconds per message sent during the burst, all processes.</summary>
    public double BurstCpuMsPerMessage => Burst.TotalSeconds * 1000 / BurstMessages;
}
