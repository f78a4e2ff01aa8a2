using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;
using WaGrpc.Server.Media;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Messaging;

/// <summary>
/// The message-log row of what the queue sent, in the later legacy shape: the WhatsApp type of
/// each kind, a download link as the body of every file (kept like incoming media, the caption
/// apart), "lat;lng" for a location, the vCard for contacts, a forward as the message it copies.
/// </summary>
public sealed class SentRows(MediaStore media, MediaLinks links, EventLog eventLog, TimeProvider time)
{
    /// <summary>The row of <paramref name="entry"/> sent to <paramref name="chatId"/> as <paramref name="messageId"/>.</summary>
    public async Task<WaMessage> ForAsync(QueueDocument entry, string chatId, string messageId, OutboundFile? file, SendResult? result)
    {
        var (type, body) = entry.Kind switch
        {
            QueueKind.File => (MessageTypes.OfFile(entry.MimeType), await LinkAsync(messageId, file)),
            QueueKind.Ptt => ("ptt", await LinkAsync(messageId, file)),
            QueueKind.Location => ("location", entry.Body),
            QueueKind.VCard => ("vcard", entry.Body),
            QueueKind.Contact => ("vcard", result?.Body ?? ""),
            QueueKind.Forward => Forwarded(entry.Body, result),
            _ => ("chat", entry.Body),
        };
        return new WaMessage
        {
            Id = messageId,
            ChatId = chatId,
            Body = body,
            Type = type,
            FromMe = true,
            Time = time.GetUtcNow().ToUnixTimeSeconds(),
            Caption = entry.Kind == QueueKind.File ? entry.Caption : null,
            QuotedMsgId = entry.QuotedMsgId,
            Ack = AckLevel.Pending,
        };
    }

    // A file's download link; empty when the bytes are not at hand (a crash between the send and its record).
    private async Task<string> LinkAsync(string messageId, OutboundFile? file) =>
        file is null ? "" : links.UrlFor(await media.SaveAsync(messageId, file.MimeType, file.Filename, file.Content));

    // The forwarded message's type and body as the log has them (a media's link too), else as the page said.
    private (string Type, string Body) Forwarded(string originalId, SendResult? result) =>
        eventLog.FindMessage(originalId) is { } original
            ? (original.Type, original.Body)
            : (result?.Type ?? "chat", result?.Body ?? "");
}
