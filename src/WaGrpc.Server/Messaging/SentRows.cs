using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Messaging;

/// <summary>
/// The message-log row of what the queue sent, in the later legacy shape: the WhatsApp type of
/// each kind, every file kept like incoming media (its id logged, its download link shown as the
/// body; the caption apart), "lat;lng" for a location, the vCard for contacts, a forward as the
/// message it copies.
/// </summary>
public sealed class SentRows(MediaStore media, EventLog eventLog, TimeProvider time)
{
    /// <summary>The row of <paramref name="entry"/> sent to <paramref name="chatId"/> as <paramref name="messageId"/>.</summary>
    public async Task<WaMessage> ForAsync(QueueDocument entry, string chatId, string messageId, OutboundFile? file, SendResult? result)
    {
        var (type, body, mediaId) = entry.Kind switch
        {
            QueueKind.File => (MessageTypes.OfFile(entry.MimeType), "", await KeepAsync(messageId, file)),
            QueueKind.Ptt => ("ptt", "", await KeepAsync(messageId, file)),
            QueueKind.Location => ("location", entry.Body, null),
            QueueKind.VCard => ("vcard", entry.Body, null),
            QueueKind.Contact => ("vcard", result?.Body ?? "", null),
            QueueKind.Forward => Forwarded(entry.Body, result),
            _ => ("chat", entry.Body, (string?)null),
        };
        return new WaMessage
        {
            Id = messageId,
            ChatId = chatId,
            Body = body,
            MediaId = mediaId,
            Type = type,
            FromMe = true,
            Time = time.GetUtcNow().ToUnixTimeSeconds(),
            Caption = entry.Kind == QueueKind.File ? entry.Caption : null,
            QuotedMsgId = entry.QuotedMsgId,
            Ack = AckLevel.Pending,
        };
    }

    // A file's media id; none when the bytes are not at hand (a crash between the send and its record): the body shown is empty.
    private async Task<string?> KeepAsync(string messageId, OutboundFile? file) =>
        file is null ? null : await media.SaveAsync(messageId, file.MimeType, file.Filename, file.Content);

    // The forwarded message's type, body and media as the log has them, else as the page said.
    private (string Type, string Body, string? MediaId) Forwarded(string originalId, SendResult? result) =>
        eventLog.FindMessage(originalId) is { } original
            ? (original.Type, original.Body, original.MediaId)
            : (result?.Type ?? "chat", result?.Body ?? "", null);
}
