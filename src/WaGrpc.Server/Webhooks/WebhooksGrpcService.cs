using Grpc.Core;
using Microsoft.Extensions.Options;
using WaGrpc.Contracts.Webhooks.V1;
using WaGrpc.Core;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Media;
using WaGrpc.Server.Messaging;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;
using EventKind = WaGrpc.Storage.Documents.EventKind;

namespace WaGrpc.Server.Webhooks;

/// <summary>The webhook delivery status, the dead letters and their replay.</summary>
public sealed class WebhooksGrpcService(WebhookOutbox outbox, SettingsStore settings, WaGrpc.Core.Instances.InstanceContext instance, MediaLinks links)
    : WebhooksService.WebhooksServiceBase
{
    private const int MaxListed = 100;

    public override Task<GetWebhookStatusResponse> GetWebhookStatus(GetWebhookStatusRequest request, ServerCallContext context)
    {
        var limit = Limit(request.HasLimit, request.Limit, 20, "limit");
        var stored = settings.Get();
        var response = new GetWebhookStatusResponse
        {
            Set = stored.WebhookUrl.Length > 0,
            WebhookUrl = stored.WebhookUrl,
            AckNotificationsOn = stored.AckNotificationsOn,
            Backlog = outbox.CountWaiting(),
            DeadLetters = outbox.CountDeadLetters(),
        };
        if (outbox.OldestWaiting() is { } oldest)
        {
            response.OldestWaitingTime = oldest;
        }

        response.RecentAttempts.AddRange(outbox.RecentAttempts(limit).Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<GetMessageWebhookStatusResponse> GetMessageWebhookStatus(GetMessageWebhookStatusRequest request, ServerCallContext context)
    {
        var id = request.MsgId?.Trim() ?? "";
        if (!Core.Messaging.MessageIds.IsMessageId(id))
        {
            throw new ValidationException("msgId", id.Length == 0
                ? "msgId is required: a message id as /messages shows it"
                : $"msgId '{id}' is not a message id: use the id /messages shows, e.g. false_17472822486@c.us_3EB0...");
        }

        var (status, time) = outbox.StatusOf(id);
        return Task.FromResult(new GetMessageWebhookStatusResponse { MsgId = id, Time = time, Status = status });
    }

    public override Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context)
    {
        var limit = Limit(request.HasLimit, request.Limit, MaxListed, "limit", max: 1_000);
        var response = new ListDeadLettersResponse { Total = outbox.CountDeadLetters() };
        response.DeadLetters.AddRange(outbox.ListDeadLetters(limit).Select(ToProto));
        return Task.FromResult(response);
    }

    public override async Task<ReplayDeadLettersResponse> ReplayDeadLetters(ReplayDeadLettersRequest request, ServerCallContext context)
    {
        if (request.All == (request.Ids.Count > 0))
        {
            throw new ValidationException("ids", "give either ids (the dead letters to replay) or all: true");
        }

        var replayed = await outbox.ReplayAsync(request.All ? null : request.Ids.ToList());
        return new ReplayDeadLettersResponse { Replayed = replayed.Count, Events = replayed.Sum(x => x.Events.Count) };
    }

    private static int Limit(bool has, int value, int fallback, string field, int max = MaxListed)
    {
        if (!has)
        {
            return fallback;
        }

        return value is >= 1 && value <= max ? value : throw new ValidationException(field, $"{field} must be between 1 and {max}");
    }

    private string EventId(long batchId) => $"{instance.Id}-{batchId}";

    private WebhookAttempt ToProto(WebhookAttemptDocument attempt)
    {
        var item = new WebhookAttempt
        {
            Time = attempt.Time,
            EventId = EventId(attempt.BatchId),
            Kind = WebhookPayload.KindName(attempt.Kind),
            EventCount = attempt.EventCount,
            Attempt = attempt.Attempt,
            HttpStatus = attempt.HttpStatus,
            Error = attempt.Error,
            Delivered = attempt.Delivered,
            DurationMs = attempt.DurationMs,
            Outcome = attempt.Outcome,
            Url = attempt.Url,
        };
        if (attempt.RetryDelayMs is { } delay)
        {
            item.RetryDelayMs = delay;
        }

        return item;
    }

    private DeadLetter ToProto(WebhookDeadLetterDocument letter)
    {
        var item = new DeadLetter
        {
            Id = letter.BatchId,
            EventId = EventId(letter.BatchId),
            Kind = WebhookPayload.KindName(letter.Kind),
            FirstEventTime = letter.FirstCreated,
            DeadTime = letter.DeadAt,
            Attempts = letter.Attempts,
            LastHttpStatus = letter.LastHttpStatus,
            LastError = letter.LastError,
            Url = letter.Url,
        };
        foreach (var row in letter.Events)
        {
            if (letter.Kind == EventKind.Ack && row.Ack is not null)
            {
                item.Ack.Add(WebhookPayload.ToAck(row.Ack));
            }
            else if (row.Message is not null)
            {
                item.Messages.Add(MessageMapper.ToProto(row.Message, links));
            }
        }

        return item;
    }
}
