using System.Collections.Immutable;
using System.Threading.Channels;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>
/// Tells live subscribers about events right after they are committed, in cursor order. Each
/// subscriber has its own bounded buffer; publishing never waits: when a buffer is full the
/// subscriber is marked as behind and catches up from the store, so a slow subscriber never
/// blocks the writer or the others.
/// </summary>
public sealed class EventNotifier
{
    private ImmutableArray<EventSubscription> _subscriptions = [];
    private long _lastCursor;

    /// <summary>The last cursor committed and published.</summary>
    public long LastCursor => Interlocked.Read(ref _lastCursor);

    /// <summary>Sets the starting cursor (the store's last one) before anything is published.</summary>
    public void Initialize(long lastCursor) => Interlocked.Exchange(ref _lastCursor, lastCursor);

    /// <summary>Registers a subscriber. Register before reading the store, so no event falls between.</summary>
    public EventSubscription Subscribe(int capacity = 1024)
    {
        var subscription = new EventSubscription(this, capacity);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    internal void Unsubscribe(EventSubscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription));

    /// <summary>Publishes committed events (called by the writer after the commit, in order).</summary>
    public void Publish(IReadOnlyList<EventDocument> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        Interlocked.Exchange(ref _lastCursor, events[^1].Cursor);
        foreach (var subscription in _subscriptions)
        {
            subscription.Offer(events);
        }
    }

    /// <summary>The number of live subscribers.</summary>
    public int SubscriberCount => _subscriptions.Length;
}

/// <summary>One live subscriber's buffer. Null items only wake the reader.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventNotifier _owner;
    private readonly Channel<EventDocument?> _buffer;
    private int _behind;

    internal EventSubscription(EventNotifier owner, int capacity)
    {
        _owner = owner;
        _buffer = Channel.CreateBounded<EventDocument?>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The events offered to this subscriber, in cursor order; null is only a wake-up.</summary>
    public ChannelReader<EventDocument?> Reader => _buffer.Reader;

    /// <summary>
    /// True once when the buffer overflowed since the last call: the reader must then drop what
    /// it holds and read the store after the last cursor it delivered.
    /// </summary>
    public bool TakeBehind() => Interlocked.Exchange(ref _behind, 0) == 1;

    internal void Offer(IReadOnlyList<EventDocument> events)
    {
        foreach (var item in events)
        {
            if (!_buffer.Writer.TryWrite(item))
            {
                Volatile.Write(ref _behind, 1);
                // The reader may have emptied the buffer in the meantime: make sure it wakes up.
                _buffer.Writer.TryWrite(null);
                return;
            }
        }
    }

    public void Dispose()
    {
        _owner.Unsubscribe(this);
        _buffer.Writer.TryComplete();
    }
}
