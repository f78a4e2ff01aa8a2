namespace WaGrpc.Core.Engine;

/// <summary>A queued message or file, handed to the engine to send.</summary>
/// <param name="QueueNumber">Its number in the outbound queue.</param>
/// <param name="ChatId">The target chat.</param>
/// <param name="KeyId">The WhatsApp key id chosen at enqueue ("3EB0..."), to be used as the message key; the full id is "true_&lt;chatId&gt;_&lt;keyId&gt;".</param>
/// <param name="Body">The text (a message) or the caption (a file).</param>
/// <param name="File">The file to send, or null for text.</param>
/// <param name="QuotedMsgId">A message to quote.</param>
/// <param name="MentionedPhones">Phones (digits) mentioned in the text.</param>
/// <param name="Content">What else the message is, when it is not text or a file: a location, contact cards, a vCard, a link, a forward; a file may be a voice note.</param>
public sealed record OutboundMessage(
    long QueueNumber,
    string ChatId,
    string KeyId,
    string Body,
    OutboundFile? File = null,
    string? QuotedMsgId = null,
    IReadOnlyList<string>? MentionedPhones = null,
    OutboundContent? Content = null)
{
    /// <summary>
    /// True on the entry's first attempt: no message can exist under its key yet, so the engine
    /// need not look for one before sending (a retry is checked with WasSentAsync first).
    /// </summary>
    public bool FirstAttempt { get; init; }
}
