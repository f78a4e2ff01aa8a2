namespace WaGrpc.Sandbox.Network;

/// <summary>A media attachment of an <see cref="IncomingMessage"/>.</summary>
public sealed record IncomingMedia(string? Mimetype, string? Filename, string? Data);
