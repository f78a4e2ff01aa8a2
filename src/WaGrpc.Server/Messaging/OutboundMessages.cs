using WaGrpc.Core.Engine;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Messaging;

/// <summary>What the engine is asked to send for a queue entry.</summary>
public static class OutboundMessages
{
    /// <summary>True for the kinds that carry a file (stored or fetched at send time).</summary>
    public static bool CarriesFile(QueueKind kind) => kind is QueueKind.File or QueueKind.Ptt;

    /// <summary>The message for <paramref name="entry"/> to <paramref name="chatId"/>, with its file when it carries one.</summary>
    public static OutboundMessage For(QueueDocument entry, string chatId, OutboundFile? file)
    {
        OutboundContent? content = entry.Kind switch
        {
            QueueKind.Location => new OutboundLocation(entry.Latitude ?? 0, entry.Longitude ?? 0, entry.Address),
            QueueKind.Contact => new OutboundContacts(entry.ContactIds ?? []),
            QueueKind.VCard => new OutboundVCard(entry.Body, entry.DisplayName ?? ""),
            QueueKind.Link => new OutboundLink(entry.Title, entry.Description, entry.ThumbnailBase64),
            QueueKind.Ptt => new OutboundVoiceNote(),
            QueueKind.Forward => new OutboundForward(entry.Body),
            _ => null,
        };
        var body = entry.Kind switch
        {
            QueueKind.File => entry.Caption ?? "",
            QueueKind.Ptt or QueueKind.Location or QueueKind.Contact or QueueKind.Forward => "",
            _ => entry.Body,
        };
        return new OutboundMessage(entry.QueueNumber, chatId, entry.KeyId, body, file, entry.QuotedMsgId, entry.MentionedPhones, content);
    }
}
