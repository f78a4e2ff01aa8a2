namespace WaGrpc.Core.Engine;

/// <summary>A file's bytes, ready to send.</summary>
public sealed record OutboundFile(string Filename, string MimeType, ReadOnlyMemory<byte> Content);
