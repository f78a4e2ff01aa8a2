namespace WaGrpc.Core.Engine;

/// <summary>A WhatsApp message as the engine reports it.</summary>
public sealed record WaMessage
{
    /// <summary>"&lt;fromMe&gt;_&lt;chatId&gt;_&lt;msgid&gt;", unique.</summary>
    public required string Id { get; init; }

    /// <summary>"&lt;digits&gt;@c.us" or "&lt;id&gt;@g.us".</summary>
    public required string ChatId { get; init; }

    /// <summary>The text; for media the caption or empty.</summary>
    public string Body { get; init; } = "";

    /// <summary>chat, image, ptt, document, audio, video, ...</summary>
    public string Type { get; init; } = "chat";

    /// <summary>The sender's push name.</summary>
    public string SenderName { get; init; } = "";

    /// <summary>True for outgoing messages.</summary>
    public bool FromMe { get; init; }

    /// <summary>The author's chat id (the sender, also in groups).</summary>
    public string Author { get; init; } = "";

    /// <summary>When it was sent, unix seconds.</summary>
    public long Time { get; init; }

    /// <summary>The caption of a media message.</summary>
    public string? Caption { get; init; }

    /// <summary>The quoted message's id.</summary>
    public string? QuotedMsgId { get; init; }

    /// <summary>The quoted message's body.</summary>
    public string? QuotedMsgBody { get; init; }

    /// <summary>The chat's name.</summary>
    public string? ChatName { get; init; }

    /// <summary>The current ack of an outgoing message.</summary>
    public AckLevel? Ack { get; init; }

    /// <summary>The content of an incoming media message, downloaded by the engine; the gateway keeps it and serves it by URL.</summary>
    public WaMedia? Media { get; init; }

    /// <summary>
    /// Set by the gateway, not the engine: the id under which it keeps this message's media. The
    /// body shown is then that media's URL, built when the message is shown.
    /// </summary>
    public string? MediaId { get; init; }
}

/// <summary>A downloaded media file.</summary>
/// <param name="MimeType">Its mime type.</param>
/// <param name="Filename">Its file name, when the sender gave one.</param>
/// <param name="Content">The bytes.</param>
public sealed record WaMedia(string MimeType, string? Filename, ReadOnlyMemory<byte> Content);
