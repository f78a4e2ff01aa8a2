namespace WaGrpc.Server.Instances;

/// <summary>Where an instance is in its life.</summary>
public enum InstanceState
{
    /// <summary>Its services are being built and started.</summary>
    Starting,

    /// <summary>Serving.</summary>
    Running,

    /// <summary>It could not start (a corrupt store, say); the others run on.</summary>
    Failed,

    /// <summary>Being stopped (the gateway shuts down, or it is being deleted).</summary>
    Stopping,
}
