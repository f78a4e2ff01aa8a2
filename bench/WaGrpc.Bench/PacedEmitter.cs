using System.Diagnostics;
using System.Globalization;
using WaGrpc.Core.Engine;

namespace WaGrpc.Bench;

/// <summary>
/// Incoming messages at a steady rate, each reported alone (the page reports a message as soon as
/// it sees it) and stamped in its body with the Stopwatch time of its report: "&lt;tag&gt; &lt;ticks&gt;".
/// Receivers in this process turn the stamp into a latency.
/// </summary>
public static class PacedEmitter
{
    /// <summary>
    /// Emits <paramref name="count"/> messages at <paramref name="perSecond"/>; answers the seconds it took.
    /// <paramref name="commits"/> gets how long each report took (the gateway returns after the commit).
    /// </summary>
    public static async Task<double> EmitAsync(EmittingEngine engine, string tag, int count, int perSecond, LatencySeries? commits = null)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count;)
        {
            var due = (long)(watch.Elapsed.TotalSeconds * perSecond);
            if (i >= due)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1));
                continue;
            }

            // Late messages (a slow commit) go out one after the other until the schedule is kept again.
            for (; i < count && i < due; i++)
            {
                var stamp = Stopwatch.GetTimestamp();
                var body = $"{tag} {stamp.ToString(CultureInfo.InvariantCulture)}";
                await engine.EmitAsync([EmittingEngine.Incoming($"{tag.ToUpperInvariant()}{i:D8}", body)]);
                commits?.Add(Stopwatch.GetElapsedTime(stamp).TotalMilliseconds);
            }
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The milliseconds since the message with this body was emitted, or null when it is not one of <paramref name="tag"/>.</summary>
    public static double? LatencyOf(string body, string tag, long receivedAt)
    {
        if (body.Length <= tag.Length || !body.StartsWith(tag, StringComparison.Ordinal) || body[tag.Length] != ' ')
        {
            return null;
        }

        var stamp = long.Parse(body.AsSpan(tag.Length + 1), CultureInfo.InvariantCulture);
        return Stopwatch.GetElapsedTime(stamp, receivedAt).TotalMilliseconds;
    }
}
