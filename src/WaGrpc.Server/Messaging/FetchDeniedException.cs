namespace WaGrpc.Server.Messaging;

/// <summary>A fetch refused by <see cref="FetchGuard"/>: the URL leads to an internal address.</summary>
public sealed class FetchDeniedException(string message) : IOException(message);
