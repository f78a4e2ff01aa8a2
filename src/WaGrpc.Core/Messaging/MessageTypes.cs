namespace WaGrpc.Core.Messaging;

/// <summary>The legacy message type of a file the account sends, from its MIME type.</summary>
public static class MessageTypes
{
    /// <summary>image, video or audio by the MIME type's top level; anything else is a document.</summary>
    public static string OfFile(string? mime) => mime switch
    {
        not null when mime.StartsWith("image/", StringComparison.Ordinal) => "image",
        not null when mime.StartsWith("video/", StringComparison.Ordinal) => "video",
        not null when mime.StartsWith("audio/", StringComparison.Ordinal) => "audio",
        _ => "document",
    };
}
