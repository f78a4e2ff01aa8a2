using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Observability;
using WaGrpc.Server.Session;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Messaging;

/// <summary>
/// Works the outbound queue in order while the session is authenticated: paced sends one at a
/// time; unpaced, up to <see cref="OutboundOptions.MaxInFlight"/> entries in flight at once (a
/// free place is taken as soon as one is done), each chat's in order. Each attempt is recorded before the engine is called; an entry that was already
/// tried is first checked with the engine (was its message id sent?) so a crash or retry never
/// sends it twice. Failures retry with a doubling delay, and nothing behind a waiting entry
/// overtakes it; an entry that cannot be sent ends as failed with the reason. Never dies.
/// </summary>
public sealed partial class OutboundDispatcher(
    OutboundQueue queue,
    SessionState session,
    IWhatsAppEngine engine,
    FileFetcher fetcher,
    SentRows rows,
    TimeProvider time,
    InstanceMetrics metrics,
    SettingsStore settings,
    IOptions<OutboundOptions> options,
    ILogger<OutboundDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await session.WaitForAuthenticatedAsync(stoppingToken);
                var o = options.Value;
                var pacing = Pacing.Of(o, settings.Get());
                var front = queue.Front(pacing.Paced ? 1 : o.MaxInFlight);
                if (front.Count == 0)
                {
                    await Doorbell.WaitAsync(queue.Doorbell, IdlePoll, time, stoppingToken);
                    continue;
                }

                var wait = DateTimeOffset.FromUnixTimeMilliseconds(front[0].NotBefore) - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Doorbell.WaitAsync(queue.Doorbell, wait < IdlePoll ? wait : IdlePoll, time, stoppingToken);
                    continue;
                }

                if (pacing.Paced)
                {
                    if (await SendAsync(front[0], stoppingToken) == Outcome.Sent)
                    {
                        await PaceAsync(pacing, stoppingToken);
                    }

                    continue;
                }

                await SendWindowAsync(o.MaxInFlight, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopError(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private enum Outcome
    {
        Sent,
        NotSent,
        Retry,
    }

    private async Task<Outcome> SendAsync(QueueDocument head, CancellationToken stoppingToken)
    {
        var alreadyTried = head.Attempts > 0;
        var entry = await queue.BeginAttemptAsync(head.QueueNumber);
        if (entry is null)
        {
            return Outcome.NotSent;
        }

        try
        {
            switch (entry.Kind)
            {
                case QueueKind.Group:
                    // Groups are created through the actions queue now; an entry queued by an older
                    // version is still created here.
                    await SendGroupAsync(entry, alreadyTried, stoppingToken);
                    break;
                default:
                    if (alreadyTried && await engine.WasSentAsync(entry.ChatId, entry.KeyId, stoppingToken))
                    {
                        LogAlreadySent(entry.QueueNumber);
                        var kept = OutboundMessages.CarriesFile(entry.Kind) ? await TryLoadFileAsync(entry, stoppingToken) : null;
                        await queue.MarkSentAsync(entry.QueueNumber, await rows.ForAsync(entry, entry.ChatId, entry.MessageId, kept, null));
                        return Outcome.NotSent;
                    }

                    var file = OutboundMessages.CarriesFile(entry.Kind) ? await LoadFileAsync(entry, stoppingToken) : null;
                    var result = await engine.SendAsync(OutboundMessages.For(entry, entry.ChatId, file) with { FirstAttempt = !alreadyTried }, stoppingToken);
                    await queue.MarkSentAsync(entry.QueueNumber, await rows.ForAsync(entry, entry.ChatId, entry.MessageId, file, result));
                    break;
            }

            LogSent(entry.QueueNumber);
            metrics.Sent();
            return Outcome.Sent;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (EngineException ex) when (ex.Permanent)
        {
            LogFailed(entry.QueueNumber, ex.Message);
            metrics.SendFailed(permanent: true);
            await queue.MarkFailedAsync(entry.QueueNumber, ex.Message);
            return Outcome.NotSent;
        }
        catch (Exception ex)
        {
            var delay = options.Value.RetryDelayAfter(entry.Attempts);
            LogRetry(entry.QueueNumber, entry.Attempts, delay, ex.Message);
            metrics.SendFailed(permanent: false);
            await queue.MarkRetryAsync(entry.QueueNumber, ex.Message, time.GetUtcNow() + delay);
            return Outcome.Retry;
        }
    }

    private async Task SendGroupAsync(QueueDocument entry, bool alreadyTried, CancellationToken stoppingToken)
    {
        var groupId = entry.ResultChatId;
        if (groupId is null)
        {
            var created = await engine.CreateGroupAsync(new OutboundGroup(entry.QueueNumber, entry.GroupName ?? "", entry.Participants ?? []), stoppingToken);
            groupId = created.ChatId;
            await queue.RecordGroupCreatedAsync(entry.QueueNumber, groupId, created.InviteLink, MessageIds.Outgoing(groupId, entry.KeyId));
            alreadyTried = false;
        }

        if (entry.Body.Length == 0)
        {
            await queue.MarkSentAsync(entry.QueueNumber, null);
            return;
        }

        var messageId = MessageIds.Outgoing(groupId, entry.KeyId);
        if (!(alreadyTried && await engine.WasSentAsync(groupId, entry.KeyId, stoppingToken)))
        {
            await engine.SendAsync(new OutboundMessage(entry.QueueNumber, groupId, entry.KeyId, entry.Body), stoppingToken);
        }

        await queue.MarkSentAsync(entry.QueueNumber, await rows.ForAsync(entry, groupId, messageId, null, null));
    }

    private async Task<OutboundFile> LoadFileAsync(QueueDocument entry, CancellationToken stoppingToken)
    {
        var filename = entry.Filename ?? "file";
        if (entry.FileId is not null)
        {
            var content = queue.ReadFile(entry.FileId)
                ?? throw new EngineException($"The stored file of queue entry {entry.QueueNumber} is missing.") { Permanent = true };
            return new OutboundFile(filename, entry.MimeType ?? FileSource.GuessMimeType(filename), content);
        }

        return await fetcher.FetchAsync(new Uri(entry.Body), filename, stoppingToken);
    }

    private async Task<OutboundFile?> TryLoadFileAsync(QueueDocument entry, CancellationToken stoppingToken)
    {
        try
        {
            return await LoadFileAsync(entry, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private async Task PaceAsync(Pacing pacing, CancellationToken stoppingToken)
    {
        var pause = pacing.NextPause();
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, time, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Queue entry {QueueNumber} sent")]
    private partial void LogSent(long queueNumber);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Queue entry {QueueNumber} had already gone out; not sent again")]
    private partial void LogAlreadySent(long queueNumber);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Queue entry {QueueNumber} failed (attempt {Attempts}); retrying in {Delay}: {Error}")]
    private partial void LogRetry(long queueNumber, int attempts, TimeSpan delay, string error);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Queue entry {QueueNumber} cannot be sent: {Error}")]
    private partial void LogFailed(long queueNumber, string error);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "The outbound dispatcher hit an error; it goes on")]
    private partial void LogLoopError(Exception ex);
}
