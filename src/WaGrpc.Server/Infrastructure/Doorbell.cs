using System.Threading.Channels;

namespace WaGrpc.Server.Infrastructure;

/// <summary>Waiting for a queue's doorbell (rung after each commit that may give work) or a timeout.</summary>
public static class Doorbell
{
    /// <summary>Returns when the doorbell rings or <paramref name="timeout"/> passes; throws only when <paramref name="stoppingToken"/> is cancelled.</summary>
    public static async Task WaitAsync(ChannelReader<bool> doorbell, TimeSpan timeout, TimeProvider time, CancellationToken stoppingToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeoutSource.Token);
        try
        {
            await doorbell.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Timed out: look again.
        }
    }
}
