using WaGrpc.Core.Engine;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>The session's login copy in the instance's LiteDB file, written in one commit.</summary>
public sealed class SessionSnapshotStore(WaGrpcDatabase database, StoreWriter writer, TimeProvider time) : ISessionSnapshotStore
{
    /// <inheritdoc />
    public Task<StoredSessionState?> LoadAsync(CancellationToken cancellationToken)
    {
        var document = database.Read(() => database.SessionSnapshots.FindById(SessionSnapshotDocument.SingletonId));
        return Task.FromResult(document is { State.Length: > 0 }
            ? new StoredSessionState(document.State, new DateTimeOffset(DateTime.SpecifyKind(document.SavedAt, DateTimeKind.Utc)))
            : null);
    }

    /// <inheritdoc />
    public Task SaveAsync(string state, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        var document = new SessionSnapshotDocument { State = state, SavedAt = time.GetUtcNow().UtcDateTime };
        return writer.WriteAsync(db => db.SessionSnapshots.Upsert(document));
    }

    /// <inheritdoc />
    public Task<bool> ClearAsync(CancellationToken cancellationToken) =>
        writer.WriteAsync(db => db.SessionSnapshots.Delete(SessionSnapshotDocument.SingletonId));
}
