using Microsoft.Extensions.Options;
using WaGrpc.Core.Instances;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Media;

/// <summary>
/// The download URLs of kept media: the public URL (or the REST endpoint) + the instance's path
/// prefix + "/media/&lt;id&gt;".
/// </summary>
public sealed class MediaLinks(IOptions<WaGrpcOptions> options, ListeningEndpoints endpoints, InstanceContext instance)
{
    /// <summary>The download URL of a media id (GET, with the token).</summary>
    public string UrlFor(string id)
    {
        var root = string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? endpoints.RestUri.ToString() : options.Value.PublicUrl;
        return root.TrimEnd('/') + instance.PathPrefix + "/media/" + id;
    }
}
