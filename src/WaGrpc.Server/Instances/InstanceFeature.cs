namespace WaGrpc.Server.Instances;

/// <summary>
/// What a request is for, decided once by <see cref="InstanceRoutingMiddleware"/>: an instance (the
/// default one, one named by /instance&lt;id&gt;/ or x-wagrpc-instance), or the admin API.
/// </summary>
public sealed class InstanceFeature
{
    private InstanceFeature(GatewayInstance? instance) => Instance = instance;

    /// <summary>The instance the request is for; null for an admin API request.</summary>
    public GatewayInstance? Instance { get; }

    /// <summary>True for the admin API (its token is WaGrpc:AdminToken).</summary>
    public bool Admin => Instance is null;

    public static InstanceFeature For(GatewayInstance instance) => new(instance);

    public static InstanceFeature ForAdmin() => new(null);
}
