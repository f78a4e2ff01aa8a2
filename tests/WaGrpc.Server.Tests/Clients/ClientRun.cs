namespace WaGrpc.Server.Tests.Clients;

/// <summary>How a client process ended: its exit code and everything it printed.</summary>
public sealed record ClientRun(string What, int ExitCode, string Output, string Errors)
{
    /// <summary>The lines it printed on stdout.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"{What} exited with {ExitCode}\n--- stdout:\n{Output}--- stderr:\n{Errors}";
}
