namespace WaGrpc.Core.Engine;

/// <summary>A saved copy of a session's login: the engine's own format, and when it was saved.</summary>
public sealed record StoredSessionState(string State, DateTimeOffset SavedAt)
{
    /// <summary>Never the state itself: it is as secret as the token and must not reach a log.</summary>
    public override string ToString() => $"StoredSessionState {{ SavedAt = {SavedAt:O}, {State.Length} characters }}";
}
