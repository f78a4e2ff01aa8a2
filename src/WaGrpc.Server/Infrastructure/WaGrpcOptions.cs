namespace WaGrpc.Server.Infrastructure;

/// <summary>The instance's main settings, from the "WaGrpc" configuration section.</summary>
public sealed class WaGrpcOptions
{
    /// <summary>
    /// The API token (REST: ?token=, gRPC: "authorization: Bearer"). When empty, one is generated
    /// on first start, kept in the data directory and printed once.
    /// </summary>
    public string Token { get; set; } = "";

    /// <summary>The data directory. Default "./data".</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Runs against the local WhatsApp Web stand-in instead of https://web.whatsapp.com/.</summary>
    public bool Sandbox { get; set; }

    /// <summary>The instance id sent in webhook bodies.</summary>
    public string InstanceId { get; set; } = "1";
}
