using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>The session's login copy (one document; secret: never logged or served).</summary>
public sealed class SessionSnapshotDocument
{
    public const string SingletonId = "session";

    [BsonId(false)]
    public string Id { get; set; } = SingletonId;

    public string State { get; set; } = "";

    public DateTime SavedAt { get; set; }
}
