using System.Text.RegularExpressions;

namespace WaGrpc.Server.Tests.Clients;

/// <summary>What an example client printed on a good run, read and checked line by line.</summary>
public sealed partial record ClientOutput(string QueuedId, long SeenCursor, string ResumedLine)
{
    /// <summary>
    /// Checks a good run: exit 0; <c>queued: &lt;id&gt;</c> for a message to <paramref name="phone"/>;
    /// an event line and <c>seen: &lt;id&gt; at cursor N</c>; every event line's cursor greater than
    /// the one before (nothing replayed twice across the reconnect); the last line
    /// <c>resumed from cursor N: …</c> with the cursor <c>seen:</c> printed.
    /// </summary>
    public static ClientOutput Read(ClientRun run, string phone)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var queued = run.Lines.Select(line => QueuedLine().Match(line)).FirstOrDefault(m => m.Success);
        Assert.True(queued is not null, $"no 'queued: <id>' line\n{run}");
        var id = queued.Groups["id"].Value;
        Assert.StartsWith($"true_{phone}@c.us_", id, StringComparison.Ordinal);
        Assert.True(
            run.Lines.Any(line => Regex.IsMatch(line, $@"^event \d+: (message|ack) {Regex.Escape(id)} ")),
            $"no event line for {id}\n{run}");
        var seen = run.Lines.Select(line => Regex.Match(line, $@"^seen: {Regex.Escape(id)} at cursor (?<cursor>\d+)$")).FirstOrDefault(m => m.Success);
        Assert.True(seen is not null, $"no 'seen: {id} at cursor N' line\n{run}");
        var seenCursor = long.Parse(seen.Groups["cursor"].Value, System.Globalization.CultureInfo.InvariantCulture);

        var cursors = run.Lines.Select(line => EventLine().Match(line)).Where(m => m.Success)
            .Select(m => long.Parse(m.Groups["cursor"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(cursors.Zip(cursors.Skip(1)).All(pair => pair.First < pair.Second), $"event cursors not strictly increasing: {string.Join(", ", cursors)}\n{run}");
        Assert.StartsWith($"resumed from cursor {seenCursor}: ", run.Lines[^1], StringComparison.Ordinal);
        return new ClientOutput(id, seenCursor, run.Lines[^1]);
    }

    [GeneratedRegex(@"^queued: (?<id>\S+) \(queue number \d+\)$")]
    private static partial Regex QueuedLine();

    [GeneratedRegex(@"^event (?<cursor>\d+): ")]
    private static partial Regex EventLine();
}
