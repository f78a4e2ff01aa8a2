namespace WaGrpc.Core.Messaging;

/// <summary>The legacy message types of what the account sends.</summary>
public static class MessageTypes
{
    /// <summary>The types whose body in the log is a download link.</summary>
    public static readonly IReadOnlySet<string> Media = new HashSet<string>(StringComparer.Ordinal) { "image", "video", "audio", "ptt", "document", "sticker" };

    /// <summary>image, video or audio by the MIME type's top level; anything else is a document.</summary>
    public static string OfFile(string? mime) => mime switch
    {
        not null when mime.StartsWith("image/", StringComparison.Ordinal) => "image",
        not null when mime.StartsWith("video/", StringComparison.Ordinal) => "video",
        not null when mime.StartsWith("audio/", StringComparison.Ordinal) => "audio",
        _ => "document",
    };

    /// <summary>A location's body in the log: "&lt;lat&gt;;&lt;lng&gt;".</summary>
    public static string LocationBody(double latitude, double longitude) =>
        latitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ";" + longitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
