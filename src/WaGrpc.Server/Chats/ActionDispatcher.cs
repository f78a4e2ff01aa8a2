using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Session;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Chats;

/// <summary>
/// Works the actions queue strictly in order while the session is authenticated: groups to create
/// (then their first message joins the outbound queue), participant changes, chat reads. Each attempt is
/// recorded before the engine is called; WhatsApp's refusals (a permanent engine error: not a
/// member, not an admin) end the action as failed with the reason; other failures retry with the
/// outbound queue's doubling delay. Never dies.
/// </summary>
public sealed partial class ActionDispatcher(
    ActionQueue actions,
    SessionState session,
    IWhatsAppEngine engine,
    TimeProvider time,
    IOptions<OutboundOptions> options,
    ILogger<ActionDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await session.WaitForAuthenticatedAsync(stoppingToken);
                var head = actions.Head();
                var wait = head is null ? IdlePoll : DateTimeOffset.FromUnixTimeMilliseconds(head.NotBefore) - time.GetUtcNow();
                if (head is null || wait > TimeSpan.Zero)
                {
                    await Doorbell.WaitAsync(actions.Doorbell, wait < IdlePoll ? wait : IdlePoll, time, stoppingToken);
                    continue;
                }

                await DoAsync(head.Id, stoppingToken);
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

    private async Task DoAsync(long id, CancellationToken stoppingToken)
    {
        var action = await actions.BeginAttemptAsync(id);
        if (action is null)
        {
            return;
        }

        try
        {
            if (action.Kind == ActionKind.CreateGroup)
            {
                await CreateGroupAsync(action, stoppingToken);
                LogDone(id, action.Kind);
                return;
            }

            await (action.Kind switch
            {
                ActionKind.ReadChat => engine.ReadChatAsync(action.ChatId, stoppingToken),
                ActionKind.AddParticipant => engine.ChangeParticipantAsync(action.ChatId, action.Participant!, ParticipantChange.Add, stoppingToken),
                ActionKind.RemoveParticipant => engine.ChangeParticipantAsync(action.ChatId, action.Participant!, ParticipantChange.Remove, stoppingToken),
                ActionKind.PromoteParticipant => engine.ChangeParticipantAsync(action.ChatId, action.Participant!, ParticipantChange.Promote, stoppingToken),
                ActionKind.DemoteParticipant => engine.ChangeParticipantAsync(action.ChatId, action.Participant!, ParticipantChange.Demote, stoppingToken),
                _ => throw new EngineException($"Unknown action {action.Kind}") { Permanent = true },
            });
            await actions.MarkDoneAsync(id);
            LogDone(id, action.Kind);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (EngineException ex) when (ex.Permanent)
        {
            LogFailed(id, ex.Message);
            await actions.MarkFailedAsync(id, ex.Message);
        }
        catch (Exception ex)
        {
            var delay = options.Value.RetryDelayAfter(action.Attempts);
            LogRetry(id, action.Attempts, delay, ex.Message);
            await actions.MarkRetryAsync(id, ex.Message, time.GetUtcNow() + delay);
        }
    }

    // Creates the group, then records it with its first message queued, in one commit.
    private async Task CreateGroupAsync(ActionDocument action, CancellationToken stoppingToken)
    {
        var created = await engine.CreateGroupAsync(new OutboundGroup(action.Id, action.GroupName ?? "", action.Participants ?? []), stoppingToken);
        var first = string.IsNullOrEmpty(action.MessageText) ? null : QueueDocument.NewSend(QueueKind.Text, created.ChatId, action.MessageText, action.KeyId);
        await actions.CompleteGroupAsync(action.Id, created.ChatId, created.InviteLink, first);
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Action {Id} ({Kind}) done")]
    private partial void LogDone(long id, ActionKind kind);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Action {Id} failed (attempt {Attempts}); retrying in {Delay}: {Error}")]
    private partial void LogRetry(long id, int attempts, TimeSpan delay, string error);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Action {Id} was refused: {Error}")]
    private partial void LogFailed(long id, string error);

    [LoggerMessage(EventId = 63, Level = LogLevel.Error, Message = "The action dispatcher hit an error; it goes on")]
    private partial void LogLoopError(Exception ex);
}
