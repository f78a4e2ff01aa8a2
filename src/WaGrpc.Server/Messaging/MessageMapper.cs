using WaGrpc.Server.Media;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;
using ProtoMessage = WaGrpc.Contracts.Messaging.V1.Message;

namespace WaGrpc.Server.Messaging;

/// <summary>Turns stored messages into the legacy message shape (a media message's body: its URL, built by <see cref="MediaLinks"/>).</summary>
public static class MessageMapper
{
    public static ProtoMessage ToProto(MessageDocument doc, MediaLinks links)
    {
        var message = new ProtoMessage
        {
            Id = doc.WaId,
            Body = links.BodyOf(doc),
            Type = doc.Type,
            SenderName = doc.SenderName,
            FromMe = doc.FromMe,
            Author = doc.Author,
            Time = doc.Time,
            ChatId = doc.ChatId,
            MessageNumber = doc.MessageNumber,
        };
        if (doc.Caption is not null)
        {
            message.Caption = doc.Caption;
        }

        if (doc.QuotedMsgId is not null)
        {
            message.QuotedMsgId = doc.QuotedMsgId;
        }

        if (links.QuotedBodyOf(doc) is { } quotedBody)
        {
            message.QuotedMsgBody = quotedBody;
        }

        if (doc.ChatName is not null)
        {
            message.ChatName = doc.ChatName;
        }

        if (doc.FromMe && doc.Ack is { } ack and >= 1)
        {
            message.Ack = EventLog.AckStatusName(ack);
        }

        return message;
    }
}
