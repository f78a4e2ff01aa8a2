using Grpc.Core;

namespace WaGrpc.Server.Events;

/// <summary>
/// Writes stream items so that HTTP/2 sends a batch of them at once: each item is held back until
/// the next one comes, which then lets the held one go with <see cref="WriteFlags.BufferHint"/>
/// (into the response buffer, no flush); <see cref="FlushAsync"/> writes the held one with a flush.
/// The caller flushes whenever it has nothing more at hand (the end of a page, an empty live
/// buffer), so a live event waits for nothing that has not come yet; a batch is flushed at
/// <c>maxBatch</c> items too, so a producer that never lets the buffer empty is not held back.
/// A <c>maxBatch</c> of 1 writes each item at once and never sets write options (the JSON
/// transcoding's stream of GET /events throws on them and flushes each line anyway).
/// </summary>
/// <remarks>
/// A flush per item cost a DATA frame, a socket write and a wake-up of the client per event: the
/// most part of a replay's CPU. One writer per stream, as the response stream has.
/// </remarks>
public sealed class BatchingStreamWriter<T>(IServerStreamWriter<T> responseStream, int maxBatch, CancellationToken cancellationToken)
    where T : class
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private static readonly WriteOptions Flushed = new();

    private T? _held;
    private int _buffered;

    /// <summary>Queues <paramref name="item"/>; the item queued before it goes into the response buffer.</summary>
    public async ValueTask WriteAsync(T item)
    {
        if (maxBatch <= 1)
        {
            await responseStream.WriteAsync(item, cancellationToken);
            return;
        }

        if (_held is { } previous)
        {
            var flush = ++_buffered >= maxBatch;
            _buffered = flush ? 0 : _buffered;
            responseStream.WriteOptions = flush ? Flushed : Buffered;
            await responseStream.WriteAsync(previous, cancellationToken);
        }

        _held = item;
    }

    /// <summary>Writes the held item, if any, and flushes the response: everything queued is on its way.</summary>
    public async ValueTask FlushAsync()
    {
        if (_held is { } previous)
        {
            _held = null;
            _buffered = 0;
            responseStream.WriteOptions = Flushed;
            await responseStream.WriteAsync(previous, cancellationToken);
        }
    }
}
