using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using WaGrpc.Contracts.Chats.V1;
using WaGrpc.Core;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Chats;

// The actions of the later API: chat reads and group participant changes, committed to the
// actions queue before the answer; ActionDispatcher does them in order.
public sealed partial class ChatsGrpcService
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override async Task<ReadChatResponse> ReadChat(ReadChatRequest request, ServerCallContext context)
    {
        var chatId = ChatIds.ResolveTarget(request.Phone, request.ChatId);
        await actions.EnqueueAsync(new ActionDocument { Kind = ActionKind.ReadChat, ChatId = chatId });
        return new ReadChatResponse { Read = true, Message = Queued("The chat will be marked read"), ChatId = chatId };
    }

    public override async Task<AddGroupParticipantResponse> AddGroupParticipant(AddGroupParticipantRequest request, ServerCallContext context)
    {
        var groupId = await EnqueueChangeAsync(ActionKind.AddParticipant, request.GroupId, request.ParticipantChatId, request.ParticipantPhone);
        return new AddGroupParticipantResponse { Add = true, Message = Queued("The participant will be added"), GroupId = groupId };
    }

    public override async Task<RemoveGroupParticipantResponse> RemoveGroupParticipant(RemoveGroupParticipantRequest request, ServerCallContext context)
    {
        var groupId = await EnqueueChangeAsync(ActionKind.RemoveParticipant, request.GroupId, request.ParticipantChatId, request.ParticipantPhone);
        return new RemoveGroupParticipantResponse { Remove = true, Message = Queued("The participant will be removed"), GroupId = groupId };
    }

    public override async Task<PromoteGroupParticipantResponse> PromoteGroupParticipant(PromoteGroupParticipantRequest request, ServerCallContext context)
    {
        var groupId = await EnqueueChangeAsync(ActionKind.PromoteParticipant, request.GroupId, request.ParticipantChatId, request.ParticipantPhone);
        return new PromoteGroupParticipantResponse { Promote = true, Message = Queued("The participant will be made an admin"), GroupId = groupId };
    }

    public override async Task<DemoteGroupParticipantResponse> DemoteGroupParticipant(DemoteGroupParticipantRequest request, ServerCallContext context)
    {
        var groupId = await EnqueueChangeAsync(ActionKind.DemoteParticipant, request.GroupId, request.ParticipantChatId, request.ParticipantPhone);
        return new DemoteGroupParticipantResponse { Demote = true, Message = Queued("The participant will no longer be an admin"), GroupId = groupId };
    }

    public override Task<ShowActionsQueueResponse> ShowActionsQueue(ShowActionsQueueRequest request, ServerCallContext context)
    {
        var response = new ShowActionsQueueResponse { TotalActions = actions.CountUndone() };
        response.First100.AddRange(actions.ListUndone(100).Select(ToItem));
        return Task.FromResult(response);
    }

    public override async Task<ClearActionsQueueResponse> ClearActionsQueue(ClearActionsQueueRequest request, ServerCallContext context)
    {
        var removed = await actions.ClearUndoneAsync();
        var response = new ClearActionsQueueResponse { Message = $"Cleared {removed.Count} actions" };
        response.ActionsExample.AddRange(removed.Take(100).Select(a => TypeName(a.Kind)));
        return response;
    }

    /// <summary>The legacy name of an action's type.</summary>
    public static string TypeName(ActionKind kind) => kind switch
    {
        ActionKind.ReadChat => "read chat",
        ActionKind.AddParticipant => "add group participant",
        ActionKind.RemoveParticipant => "remove group participant",
        ActionKind.PromoteParticipant => "promote group participant",
        ActionKind.DemoteParticipant => "demote group participant",
        ActionKind.CreateGroup => "create group",
        _ => kind.ToString(),
    };

    private async Task<string> EnqueueChangeAsync(ActionKind kind, string? rawGroupId, string? participantChatId, string? participantPhone)
    {
        var groupId = rawGroupId?.Trim() ?? "";
        if (!ChatIds.IsGroupChat(groupId))
        {
            throw new ValidationException("groupId", groupId.Length == 0
                ? "groupId is required: the group's chat id (<id>@g.us)"
                : $"groupId '{groupId}' is not a group's chat id (<id>@g.us)");
        }

        var participant = Participant(participantChatId, participantPhone);
        await actions.EnqueueAsync(new ActionDocument { Kind = kind, ChatId = groupId, Participant = participant });
        return groupId;
    }

    // participantChatId (a person) or participantPhone (digits): the member's chat id.
    private static string Participant(string? chatId, string? phone)
    {
        var id = chatId?.Trim() ?? "";
        var digits = phone?.Trim() ?? "";
        if (id.Length > 0)
        {
            return ChatIds.IsPerson(id)
                ? id
                : throw new ValidationException("participantChatId", $"participantChatId '{id}' is not a person's chat id (<digits>@c.us)");
        }

        return digits.Length == 0
            ? throw new ValidationException("participantPhone", "participantChatId or participantPhone is required: the member")
            : ChatIds.IsPhone(digits)
                ? ChatIds.FromPhone(digits)
                : throw new ValidationException("participantPhone", $"participantPhone '{digits}' is not a phone number: use digits, country code first, no '+'");
    }

    private string Queued(string what) => session.Current.Status == AccountStatus.Authenticated
        ? what + " (queued)"
        : what + " after authorization (queued)";

    private static ActionItem ToItem(ActionDocument action)
    {
        var data = new JsonObject
        {
            [action.Kind == ActionKind.ReadChat ? "chatId" : "groupId"] = action.ChatId,
            ["state"] = action.State.ToString().ToLowerInvariant(),
            ["attempts"] = action.Attempts,
            ["created"] = action.Created,
        };
        if (action.Participant is not null)
        {
            data["participant"] = action.Participant;
        }

        if (action.Kind == ActionKind.CreateGroup)
        {
            data.Remove("groupId");
            data["groupName"] = action.GroupName;
            data["participants"] = new JsonArray((action.Participants ?? []).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
            if (action.MessageText is not null)
            {
                data["messageText"] = action.MessageText;
            }
        }

        if (action.Error is not null)
        {
            data["error"] = action.Error;
        }

        return new ActionItem
        {
            Id = action.Id,
            Type = TypeName(action.Kind),
            LastTry = action.LastTry is { } lastTry ? Value.ForNumber(lastTry) : Value.ForNull(),
            JsonData = data.ToJsonString(JsonOptions),
        };
    }
}
