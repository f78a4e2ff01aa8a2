using WaGrpc.Core.Engine;

namespace WaGrpc.Server.Messaging;

// Unpaced sends: a window of entries in flight, the chats concurrently, each chat's entries one after
// another in queue order. A place that frees up is taken at once by the next entry whose chat has
// nothing on its way (no rounds that wait for their slowest chat). Nothing overtakes an entry
// waiting for a retry: filling stops at the first one.
public sealed partial class OutboundDispatcher
{
    private async Task SendWindowAsync(int window, CancellationToken stoppingToken)
    {
        var running = new Dictionary<long, InFlight>();
        try
        {
            while (true)
            {
                if (MayStartMore())
                {
                    Fill(running, window, stoppingToken);
                }

                if (running.Count == 0)
                {
                    return;
                }

                await Task.WhenAny(running.Values.Select(r => r.Send));
                foreach (var (number, done) in running.Where(r => r.Value.Send.IsCompleted).ToList())
                {
                    running.Remove(number);
                    await done.Send; // a stop (cancellation) ends the window
                }
            }
        }
        finally
        {
            // What was started is awaited: its attempt is recorded either way.
            await Task.WhenAll(running.Values.Select(r => r.Send)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    // New entries start only while logged in and unpaced (a settings change to paced waits for the
    // window to drain; a logout lets what is on its way fail into its retry).
    private bool MayStartMore() =>
        session.Current.Status == AccountStatus.Authenticated && !Pacing.Of(options.Value, settings.Get()).Paced;

    private void Fill(Dictionary<long, InFlight> running, int window, CancellationToken stoppingToken)
    {
        if (running.Count >= window)
        {
            return;
        }

        var busy = running.Values.Select(r => r.ChatId).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var entry in queue.Front(window + running.Count))
        {
            if (running.ContainsKey(entry.QueueNumber))
            {
                continue;
            }

            if (entry.NotBefore > now || running.Count >= window)
            {
                break;
            }

            if (busy.Add(entry.ChatId))
            {
                running[entry.QueueNumber] = new InFlight(entry.ChatId, SendAsync(entry, stoppingToken));
            }
        }
    }

    private readonly record struct InFlight(string ChatId, Task<Outcome> Send);
}
