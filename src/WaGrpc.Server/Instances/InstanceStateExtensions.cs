namespace WaGrpc.Server.Instances;

/// <summary>The names the admin API and the metrics use for <see cref="InstanceState"/>.</summary>
public static class InstanceStateExtensions
{
    public static string ToWire(this InstanceState state) => state switch
    {
        InstanceState.Starting => "starting",
        InstanceState.Running => "running",
        InstanceState.Failed => "failed",
        _ => "stopping",
    };
}
