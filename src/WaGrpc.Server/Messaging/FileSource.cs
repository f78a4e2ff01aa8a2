using Microsoft.AspNetCore.StaticFiles;
using WaGrpc.Core;

namespace WaGrpc.Server.Messaging;

/// <summary>The legacy /sendFile "body": an http(s) URL, or a base64 data URI with the bytes inside.</summary>
public sealed record FileSource(Uri? Url, string MimeType, byte[]? Content)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    // type/subtype, as tokens (RFC 2045), optionally followed by ;parameters.
    private static bool IsMediaType(string mime)
    {
        var type = mime.Split(';')[0];
        var slash = type.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < type.Length - 1 && type.Count(c => c == '/') == 1 && type.All(IsTokenChar);
    }

    private static bool IsTokenChar(char c) => c == '/' || char.IsAsciiLetterOrDigit(c) || "!#$&^_.+-".Contains(c, StringComparison.Ordinal);

    /// <summary>Reads a /sendFile body (or another call's <paramref name="field"/>); throws <see cref="ValidationException"/> with the reason.</summary>
    public static FileSource Parse(string body, string filename, long maxBytes, string field = "body")
    {
        body = body.Trim();
        if (body.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = body.IndexOf(',', StringComparison.Ordinal);
            var header = comma < 0 ? "" : body[5..comma];
            if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new ValidationException(field, $"{field} is a data URI but not a base64 one: use data:<mime>;base64,<data>");
            }

            var mime = header[..^";base64".Length];
            if (mime.Length > 0 && !IsMediaType(mime))
            {
                throw new ValidationException(field, $"{field} is a data URI whose media type '{mime}' is not one (use e.g. image/png)");
            }

            var data = body.AsSpan(comma + 1);
            if ((long)data.Length * 3 / 4 > maxBytes + 3)
            {
                throw new ValidationException(field, $"The file is larger than the limit of {maxBytes} bytes.");
            }

            byte[] content;
            try
            {
                content = Convert.FromBase64String(data.ToString());
            }
            catch (FormatException)
            {
                throw new ValidationException(field, $"{field} is a data URI whose data is not valid base64.");
            }

            if (content.Length == 0)
            {
                throw new ValidationException(field, "The file is empty.");
            }

            if (content.Length > maxBytes)
            {
                throw new ValidationException(field, $"The file is larger than the limit of {maxBytes} bytes.");
            }

            // Uploads without a known type arrive as application/octet-stream: the file name tells more.
            var known = mime.Length > 0 && !mime.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
            return new FileSource(null, known ? mime : GuessMimeType(filename), content);
        }

        if (Uri.TryCreate(body, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return new FileSource(url, GuessMimeType(filename), null);
        }

        throw new ValidationException(field, body.Length == 0
            ? $"{field} is required: an http(s) URL or a data URI (data:<mime>;base64,...)"
            : $"{field} must be an http(s) URL or a data URI (data:<mime>;base64,...)");
    }

    /// <summary>The MIME type for a file name, application/octet-stream when unknown.</summary>
    public static string GuessMimeType(string filename) =>
        ContentTypes.TryGetContentType(filename, out var type) ? type : "application/octet-stream";
}
