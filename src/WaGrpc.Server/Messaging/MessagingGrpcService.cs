using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Core;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Media;
using WaGrpc.Server.Session;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Messaging;

/// <summary>The messaging service: sending (through the durable queue), the message log, the queue and settings.</summary>
public sealed partial class MessagingGrpcService(
    OutboundQueue queue,
    ActionQueue actions,
    EventLog eventLog,
    SettingsStore settings,
    WebhookOutbox webhooks,
    SessionState session,
    FetchGuard fetchGuard,
    MediaLinks links,
    IOptions<OutboundOptions> options) : MessagingService.MessagingServiceBase
{
    private const int MaxBodyLength = 65_536;
    private const int MaxGroupNameLength = 100;

    public override async Task<SendMessageResponse> SendMessage(SendMessageRequest request, ServerCallContext context)
    {
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            throw new ValidationException("body", "body is required: the text to send");
        }

        if (request.Body.Length > MaxBodyLength)
        {
            throw new ValidationException("body", $"body is longer than {MaxBodyLength} characters");
        }

        var mentions = request.MentionedPhones.Select(p => p.Trim()).ToList();
        if (mentions.FirstOrDefault(p => !ChatIds.IsPhone(p)) is { } badMention)
        {
            throw new ValidationException("mentionedPhones", $"mentionedPhones: '{badMention}' is not a valid phone number");
        }

        var quoted = string.IsNullOrWhiteSpace(request.QuotedMsgId) ? null : request.QuotedMsgId.Trim();
        if (quoted is not null && !MessageIds.IsMessageId(quoted))
        {
            throw new ValidationException("quotedMsgId", $"quotedMsgId '{quoted}' is not a message id: use the id /messages shows, e.g. false_17472822486@c.us_3EB0...");
        }

        var entry = QueueDocument.NewSend(QueueKind.Text, chatId, request.Body);
        (entry.QuotedMsgId, entry.MentionedPhones) = (quoted, mentions.Count > 0 ? mentions : null);
        await queue.EnqueueAsync(entry);
        return new SendMessageResponse { Sent = true, Message = QueuedMessage(), Id = entry.MessageId, QueueNumber = entry.QueueNumber };
    }

    public override async Task<SendFileResponse> SendFile(SendFileRequest request, ServerCallContext context)
    {
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        var filename = FileNames.Validate(request.Filename);

        var source = FileSource.Parse(request.Body ?? "", filename, options.Value.MaxFileBytes);
        if (source.Url is { } url)
        {
            fetchGuard.CheckUrl(url, "body");
        }

        var entry = QueueDocument.NewSend(QueueKind.File, chatId, source.Url?.ToString() ?? filename);
        (entry.Filename, entry.Caption, entry.MimeType) = (filename, string.IsNullOrEmpty(request.Caption) ? null : request.Caption, source.MimeType);
        await queue.EnqueueAsync(entry, source.Content);
        return new SendFileResponse { Sent = true, Message = QueuedMessage(), Id = entry.MessageId, QueueNumber = entry.QueueNumber };
    }

    public override async Task<CreateGroupResponse> CreateGroup(CreateGroupRequest request, ServerCallContext context)
    {
        var name = request.GroupName?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new ValidationException("groupName", "groupName is required");
        }

        if (name.Length > MaxGroupNameLength)
        {
            throw new ValidationException("groupName", $"groupName is longer than {MaxGroupNameLength} characters");
        }

        var participants = new List<string>();
        foreach (var phone in request.Phones.Select(p => p.Trim()))
        {
            participants.Add(ChatIds.IsPhone(phone)
                ? ChatIds.FromPhone(phone)
                : throw new ValidationException("phones", $"phones: '{phone}' is not a valid phone number: use digits, country code first, no '+'"));
        }

        foreach (var chatId in request.ChatIds.Select(c => c.Trim()))
        {
            participants.Add(ChatIds.IsPerson(chatId)
                ? chatId
                : throw new ValidationException("chatIds", $"chatIds: '{chatId}' is not a person's chat id (<digits>@c.us, or <digits>@lid)"));
        }

        if (participants.Count == 0)
        {
            throw new ValidationException("phones", "phones or chatIds is required: at least one member");
        }

        // Creating a group is an action (its own queue); its first message then joins the outbound queue.
        var action = await actions.EnqueueAsync(new ActionDocument
        {
            Kind = ActionKind.CreateGroup,
            GroupName = name,
            Participants = participants.Distinct().ToList(),
            MessageText = string.IsNullOrEmpty(request.MessageText) ? null : request.MessageText,
            KeyId = MessageIds.NewKeyId(),
        });

        var wait = options.Value.GroupCreateWait;
        if (session.Current.Status == AccountStatus.Authenticated && wait > TimeSpan.Zero
            && await actions.WaitForGroupAsync(action.Id, wait, context.CancellationToken) is { ResultChatId: { } groupId } created)
        {
            var response = new CreateGroupResponse { Created = true, Message = $"Group '{name}' created", ChatId = groupId };
            if (created.InviteLink is not null)
            {
                response.GroupInviteLink = created.InviteLink;
            }

            return response;
        }

        return new CreateGroupResponse
        {
            Created = true,
            Message = $"Group '{name}' is queued (action {action.Id}) and will be created when the session can",
        };
    }

    public override Task<GetMessagesResponse> GetMessages(GetMessagesRequest request, ServerCallContext context)
    {
        if (request.HasLastMessageNumber && request.LastMessageNumber < 0)
        {
            throw new ValidationException("lastMessageNumber", "lastMessageNumber must be 0 or more");
        }

        if (request.HasLimit && request.Limit < 0)
        {
            throw new ValidationException("limit", "limit must be 0 (all) or more");
        }

        var chatId = request.ChatId?.Trim() ?? "";
        if (chatId.Length > 0 && !ChatIds.IsChatId(chatId))
        {
            throw new ValidationException("chatId", $"chatId '{chatId}' is not a valid chat id: use <digits>@c.us or <digits>-<digits>@g.us");
        }

        UnixTimeRange.Check(request.HasMinTime, request.MinTime, request.HasMaxTime, request.MaxTime);

        var page = eventLog.ReadMessages(new MessageQuery(
            request.HasLastMessageNumber ? request.LastMessageNumber : 0,
            request.Last,
            chatId.Length > 0 ? chatId : null,
            request.HasLimit ? request.Limit : 100,
            request.HasMinTime ? request.MinTime : null,
            request.HasMaxTime ? request.MaxTime : null));

        var response = new GetMessagesResponse { LastMessageNumber = page.LastMessageNumber };
        response.Messages.AddRange(page.Messages.Select(m => MessageMapper.ToProto(m, links)));
        return Task.FromResult(response);
    }

    public override Task<ShowMessagesQueueResponse> ShowMessagesQueue(ShowMessagesQueueRequest request, ServerCallContext context)
    {
        var response = new ShowMessagesQueueResponse { TotalMessages = queue.CountUnsent() };
        response.First100.AddRange(queue.ListUnsent(100).Select(ToQueueItem));
        return Task.FromResult(response);
    }

    public override async Task<ClearMessagesQueueResponse> ClearMessagesQueue(ClearMessagesQueueRequest request, ServerCallContext context)
    {
        var removed = await queue.ClearUnsentAsync();
        var response = new ClearMessagesQueueResponse { Message = $"Cleared {removed.Count} messages" };
        response.MessageTextsExample.AddRange(removed.Take(5).Select(e => e.Body));
        return response;
    }

    public override async Task<SetWebhookResponse> SetWebhook(SetWebhookRequest request, ServerCallContext context)
    {
        var url = WebhookUrl(request.WebhookUrl);
        var stored = await settings.UpdateAsync(s => s.WebhookUrl = url);
        webhooks.Ring();
        return new SetWebhookResponse { Set = stored.WebhookUrl.Length > 0, WebhookUrl = stored.WebhookUrl };
    }

    public override Task<GetWebhookResponse> GetWebhook(GetWebhookRequest request, ServerCallContext context)
    {
        var stored = settings.Get();
        return Task.FromResult(new GetWebhookResponse { Set = stored.WebhookUrl.Length > 0, WebhookUrl = stored.WebhookUrl });
    }

    public override async Task<SetAckNotificationsResponse> SetAckNotifications(SetAckNotificationsRequest request, ServerCallContext context)
    {
        var stored = request.HasAckNotificationsOn
            ? await settings.UpdateAsync(s => s.AckNotificationsOn = request.AckNotificationsOn)
            : settings.Get();
        return new SetAckNotificationsResponse { Set = true, AckNotificationsOn = stored.AckNotificationsOn };
    }

    // An http(s) URL, or "" (webhooks off).
    private static string WebhookUrl(string? raw)
    {
        var url = raw?.Trim() ?? "";
        return url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            ? throw new ValidationException("webhookUrl", "webhookUrl must be an http(s) URL, or empty to turn webhooks off")
            : url;
    }

    private string QueuedMessage() => session.Current.Status == AccountStatus.Authenticated
        ? "ok"
        : "Queued: the message will be sent after authorization";

    private static QueueItem ToQueueItem(QueueDocument entry)
    {
        var metadata = new JsonObject
        {
            ["state"] = entry.State.ToString().ToLowerInvariant(),
            ["messageId"] = entry.MessageId,
            ["attempts"] = entry.Attempts,
            ["created"] = entry.Created,
        };
        if (entry.Error is not null)
        {
            metadata["error"] = entry.Error;
        }

        if (entry.Filename is not null)
        {
            metadata["filename"] = entry.Filename;
        }

        if (entry.Caption is not null)
        {
            metadata["caption"] = entry.Caption;
        }

        if (entry.Latitude is { } lat && entry.Longitude is { } lng)
        {
            (metadata["lat"], metadata["lng"]) = (lat, lng);
        }

        foreach (var (key, value) in new[] { ("address", entry.Address), ("title", entry.Title), ("description", entry.Description) })
        {
            if (value is not null)
            {
                metadata[key] = value;
            }
        }

        if (entry.ContactIds is { } contacts)
        {
            metadata["contactIds"] = new JsonArray(contacts.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        if (entry.GroupName is not null)
        {
            metadata["groupName"] = entry.GroupName;
            metadata["participants"] = new JsonArray((entry.Participants ?? []).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        }

        var item = new QueueItem
        {
            Id = entry.QueueNumber,
            Body = entry.Body,
            Type = entry.Kind.ToString().ToLowerInvariant(),
            ChatId = entry.ChatId,
            Metadata = metadata.ToJsonString(JsonOptions),
            LastTry = entry.LastTry is { } lastTry ? Value.ForNumber(lastTry) : Value.ForNull(),
        };
        return item;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
