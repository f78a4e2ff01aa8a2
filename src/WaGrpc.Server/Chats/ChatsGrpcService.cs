using Grpc.Core;
using WaGrpc.Contracts.Chats.V1;
using WaGrpc.Core;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;
using WaGrpc.Server.Session;

namespace WaGrpc.Server.Chats;

/// <summary>The chats service: whether a number is on WhatsApp.</summary>
public sealed class ChatsGrpcService(SessionState session, IWhatsAppEngine engine) : ChatsService.ChatsServiceBase
{
    public override async Task<CheckPhoneResponse> CheckPhone(CheckPhoneRequest request, ServerCallContext context)
    {
        var phone = request.Phone?.Trim() ?? "";
        if (!ChatIds.IsPhone(phone))
        {
            throw new ValidationException("phone", phone.Length == 0
                ? "phone is required: digits, country code first, no '+'"
                : $"phone '{phone}' is not a phone number: use digits, country code first, no '+'");
        }

        if (session.Current.Status != AccountStatus.Authenticated)
        {
            throw new NotReadyException("The session is not authenticated: WhatsApp can be asked about numbers once a phone has linked it.");
        }

        return new CheckPhoneResponse { Result = await engine.CheckPhoneAsync(phone, context.CancellationToken) ? "exists" : "not exists" };
    }
}
