namespace WaGrpc.Core.Instances;

/// <summary>
/// Which instance (WhatsApp number) a service works for: resolved once, when the instance's
/// services are built, and passed down instead of each part reading configuration. Every
/// instance has its own token, store, browser profile, settings, webhook, queues and event stream.
/// </summary>
public sealed class InstanceContext
{
    /// <summary>The prefix of a non-default instance's REST paths: "/instance" + id.</summary>
    public const string PathPrefixStart = "/instance";

    public InstanceContext(string id, string dataDir, bool isDefault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        Id = id;
        DataDir = Path.GetFullPath(dataDir);
        IsDefault = isDefault;
    }

    /// <summary>The instance id (webhook bodies carry it as instanceId).</summary>
    public string Id { get; }

    /// <summary>The instance's data directory (full path): its LiteDB file, browser profile, token.</summary>
    public string DataDir { get; }

    /// <summary>True for the default instance, the one the unprefixed paths serve.</summary>
    public bool IsDefault { get; }

    /// <summary>
    /// The path prefix of the instance's own REST URLs (media links, the sandbox page): "" for the
    /// default instance, whose URLs stay unprefixed, else "/instance&lt;id&gt;".
    /// </summary>
    public string PathPrefix => IsDefault ? "" : PathPrefixStart + Id;

    public override string ToString() => Id;
}
