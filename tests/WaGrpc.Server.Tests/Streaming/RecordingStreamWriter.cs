using Grpc.Core;

namespace WaGrpc.Server.Tests.Streaming;

/// <summary>
/// A response stream that records each write and whether it was to be flushed (no <see cref="WriteFlags.BufferHint"/>);
/// <paramref name="rejectsWriteOptions"/>: throws on write options, as the JSON transcoding's stream does.
/// </summary>
public sealed class RecordingStreamWriter(bool rejectsWriteOptions = false) : IServerStreamWriter<string>
{
    private WriteOptions? _writeOptions;

    public List<(string Item, bool Flushed)> Writes { get; } = [];

    public WriteOptions? WriteOptions
    {
        get => rejectsWriteOptions ? throw new NotImplementedException() : _writeOptions;
        set => _writeOptions = rejectsWriteOptions ? throw new NotImplementedException() : value;
    }

    public Task WriteAsync(string message)
    {
        var buffered = ((_writeOptions?.Flags ?? default) & WriteFlags.BufferHint) == WriteFlags.BufferHint;
        Writes.Add((message, !buffered));
        return Task.CompletedTask;
    }
}
