namespace WaGrpc.Bench;

/// <summary>
/// The memory of all Chromium processes of one way to run <see cref="Instances"/> sessions: PSS, its
/// own part (see <see cref="ProcessTree.PssBytes"/>), how many processes, and how many other Chromium
/// processes ran on the machine meanwhile (their shared file pages lower PSS).
/// </summary>
public sealed record BrowserSetupSample(int Instances, double ChromiumMb, double ChromiumOwnMb, int Processes, int OtherChromiums);
