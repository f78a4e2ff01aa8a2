using Grpc.Core;
using WaGrpc.Contracts.Chats.V1;
using WaGrpc.Core;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;
using WaGrpc.Server.Session;
using WaGrpc.Storage;

namespace WaGrpc.Server.Chats;

/// <summary>The chats service: the chat list, whether a number is on WhatsApp, the actions queue.</summary>
public sealed partial class ChatsGrpcService(SessionState session, IWhatsAppEngine engine, ActionQueue actions) : ChatsService.ChatsServiceBase
{
    public override async Task<ListDialogsResponse> ListDialogs(ListDialogsRequest request, ServerCallContext context)
    {
        RequireAuthenticated("the chat list is read from WhatsApp once a phone has linked the session");
        var response = new ListDialogsResponse();
        foreach (var chat in await engine.ListChatsAsync(context.CancellationToken))
        {
            var metadata = new DialogMetadata { IsGroup = chat.IsGroup, GroupInviteLink = Google.Protobuf.WellKnownTypes.Value.ForNull() };
            metadata.Participants.AddRange(chat.Participants);
            response.Dialogs.Add(new Dialog { Id = chat.Id, Name = chat.Name, Image = "", Metadata = metadata });
        }

        return response;
    }

    public override async Task<CheckPhoneResponse> CheckPhone(CheckPhoneRequest request, ServerCallContext context)
    {
        var phone = request.Phone?.Trim() ?? "";
        if (!ChatIds.IsPhone(phone))
        {
            throw new ValidationException("phone", phone.Length == 0
                ? "phone is required: digits, country code first, no '+'"
                : $"phone '{phone}' is not a phone number: use digits, country code first, no '+'");
        }

        RequireAuthenticated("WhatsApp can be asked about numbers once a phone has linked the session");
        return new CheckPhoneResponse { Result = await engine.CheckPhoneAsync(phone, context.CancellationToken) ? "exists" : "not exists" };
    }

    private void RequireAuthenticated(string why)
    {
        if (session.Current.Status != AccountStatus.Authenticated)
        {
            throw new NotReadyException("The session is not authenticated: " + why + ".");
        }
    }
}
