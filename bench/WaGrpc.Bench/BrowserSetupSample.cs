namespace WaGrpc.Bench;

/// <summary>The memory of all Chromium processes of one way to run <see cref="Instances"/> sessions (PSS, its anonymous part, how many processes).</summary>
public sealed record BrowserSetupSample(int Instances, double ChromiumMb, double ChromiumAnonMb, int Processes);
