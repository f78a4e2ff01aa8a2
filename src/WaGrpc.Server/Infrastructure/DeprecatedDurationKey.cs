namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// An old configuration key of a duration option: a whole number in a unit named by its suffix
/// ("SendDelayMs"), read as <paramref name="NewKey"/> (a TimeSpan, "SendDelay").
/// </summary>
/// <param name="OldKey">The old key, relative to the options' section.</param>
/// <param name="NewKey">The key that replaces it, relative to the same section.</param>
/// <param name="Unit">What 1 in the old key means (1 ms, 1 s, 1 min, 1 day).</param>
/// <param name="Set">Sets the new option.</param>
public sealed record DeprecatedDurationKey<TOptions>(string OldKey, string NewKey, TimeSpan Unit, Action<TOptions, TimeSpan> Set);
