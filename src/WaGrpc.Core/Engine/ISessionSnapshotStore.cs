namespace WaGrpc.Core.Engine;

/// <summary>
/// Where an engine keeps a copy of its session's login (for WhatsApp Web: the browser storage of
/// the WhatsApp origin), the second line of defence when the session's own storage loses it. The
/// copy is as secret as the API token: implementations never log or serve it.
/// </summary>
public interface ISessionSnapshotStore
{
    /// <summary>The copy saved last, or null.</summary>
    Task<StoredSessionState?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the copy in one commit; completes once it is durable.</summary>
    Task SaveAsync(string state, CancellationToken cancellationToken);

    /// <summary>Forgets the copy (the session logged out); true when there was one.</summary>
    Task<bool> ClearAsync(CancellationToken cancellationToken);
}
