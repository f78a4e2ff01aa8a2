using System.ComponentModel.DataAnnotations;

namespace WaGrpc.Sandbox;

/// <summary>
/// The sandbox's starting values, from the "Sandbox" configuration section. The timings and the
/// unknown numbers can be changed at run time with PUT /sandbox/api/settings (kept in the sandbox store).
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>The phone number of the simulated account the gateway links to (digits).</summary>
    [RegularExpression("^[1-9][0-9]{6,14}$")]
    public string Phone { get; set; } = "15550000001";

    /// <summary>The push name of that account.</summary>
    public string PushName { get; set; } = "WaGrpc Sandbox";

    /// <summary>The data directory for the default instance's network store (sandbox.db). Default: the instance's data directory (WaGrpc:DataDir).</summary>
    public string? DataDir { get; set; }
}
