using Microsoft.Extensions.Options;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Storage;

namespace WaGrpc.Server.Media;

/// <summary>Removes incoming media older than WaGrpc:MediaRetention, at start and every hour.</summary>
public sealed partial class MediaRetentionService(MediaStore media, IOptions<WaGrpcOptions> options, TimeProvider time, ILogger<MediaRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var cutoff = time.GetUtcNow().UtcDateTime - options.Value.MediaRetention;
                var removed = await media.RemoveOlderThanAsync(cutoff);
                if (removed > 0)
                {
                    LogRemoved(removed, options.Value.MediaRetention.TotalDays);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Removed {Count} media files older than {Days} days")]
    private partial void LogRemoved(int count, double days);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Removing old media failed")]
    private partial void LogFailed(Exception ex);
}
