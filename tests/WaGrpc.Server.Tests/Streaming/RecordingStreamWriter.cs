using Grpc.Core;

namespace WaGrpc.Server.Tests.Streaming;

/// <summary>A response stream that records each write and whether it was to be flushed (no <see cref="WriteFlags.BufferHint"/>).</summary>
public sealed class RecordingStreamWriter : IServerStreamWriter<string>
{
    public List<(string Item, bool Flushed)> Writes { get; } = [];

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(string message)
    {
        var buffered = ((WriteOptions?.Flags ?? default) & WriteFlags.BufferHint) == WriteFlags.BufferHint;
        Writes.Add((message, !buffered));
        return Task.CompletedTask;
    }
}
