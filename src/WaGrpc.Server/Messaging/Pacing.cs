using WaGrpc.Server.Infrastructure;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Messaging;

/// <summary>
/// How an instance paces its sends: its own sendDelay (the settings object) when it set one, else
/// WaGrpc:Outbound:SendDelay; the jitter (WaGrpc:Outbound:SendJitter) adds to a pause above 0, and
/// an instance's sendDelay of 0 sends unpaced.
/// </summary>
public readonly record struct Pacing(TimeSpan Delay, TimeSpan Jitter)
{
    /// <summary>True when sends go one at a time with a pause between them.</summary>
    public bool Paced => Delay > TimeSpan.Zero || Jitter > TimeSpan.Zero;

    public static Pacing Of(OutboundOptions options, SettingsDocument settings) => settings.SendDelaySeconds is { } seconds
        ? new Pacing(TimeSpan.FromSeconds(seconds), seconds > 0 ? options.SendJitter : TimeSpan.Zero)
        : new Pacing(options.SendDelay, options.SendJitter);

    /// <summary>The pause after a send: the delay plus a random part of the jitter.</summary>
    public TimeSpan NextPause() => Delay + (Jitter > TimeSpan.Zero ? Jitter * Random.Shared.NextDouble() : TimeSpan.Zero);
}
