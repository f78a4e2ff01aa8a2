namespace WaGrpc.Core.Engine;

/// <summary>A created group.</summary>
public sealed record GroupCreated(string ChatId, string? InviteLink = null);
