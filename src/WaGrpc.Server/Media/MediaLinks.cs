using Microsoft.Extensions.Options;
using WaGrpc.Core.Instances;
using WaGrpc.Core.Messaging;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Media;

/// <summary>
/// The download URLs of kept media, <see cref="BaseUrl"/> + "/media/&lt;id&gt;". The log keeps
/// media ids only; the URLs are built here when a message is shown (REST, gRPC, the event stream,
/// webhooks), so they follow the public URL and the port of the moment.
/// </summary>
public sealed class MediaLinks(IOptions<WaGrpcOptions> options, ListeningEndpoints endpoints, InstanceContext instance)
{
    private const string MediaPath = "/media/";

    /// <summary>
    /// What every media URL starts with, without a trailing slash: WaGrpc:PublicUrl, else the REST
    /// endpoint, then the instance's path prefix ("" for the default instance, else /instance&lt;id&gt;).
    /// </summary>
    public string BaseUrl =>
        (string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? endpoints.RestUri.ToString() : options.Value.PublicUrl).TrimEnd('/')
        + instance.PathPrefix;

    /// <summary>The download URL of a media id (GET, with the token).</summary>
    public string UrlFor(string id) => BaseUrl + MediaPath + id;

    /// <summary>
    /// The body shown for a logged message: its media's URL; for a media message logged by an
    /// earlier version (which stored the URL of then), the URL rebuilt from the id in it; else the body as stored.
    /// </summary>
    public string BodyOf(MessageDocument message) =>
        message.MediaId is { } id ? UrlFor(id)
        : MessageTypes.Media.Contains(message.Type) && StoredUrlMediaId(message.Body) is { } stored ? UrlFor(stored)
        : message.Body;

    /// <summary>The quoted body shown: the quoted media's URL (also rebuilt from one an earlier version stored), else as stored.</summary>
    public string? QuotedBodyOf(MessageDocument message) =>
        message.QuotedMediaId is { } id ? UrlFor(id)
        : message.QuotedMsgId is { } quoted && StoredUrlMediaId(message.QuotedMsgBody) is { } stored && stored == MediaStore.IdFor(quoted) ? UrlFor(stored)
        : message.QuotedMsgBody;

    /// <summary>
    /// The media id in a download URL as earlier versions stored it ("http://host:5080/media/&lt;id&gt;",
    /// under any address and path); null for anything else.
    /// </summary>
    public static string? StoredUrlMediaId(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        var path = uri.AbsolutePath;
        var at = path.LastIndexOf(MediaPath, StringComparison.Ordinal);
        return at >= 0 && path[(at + MediaPath.Length)..] is var id && MediaStore.IsMediaId(id) ? id : null;
    }
}
