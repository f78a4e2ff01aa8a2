using Grpc.Core;
using WaGrpc.Contracts.Events.V1;

namespace WaGrpc.Testing.GrpcApi;

/// <summary>An open StreamEvents call, read with timeouts (never with sleeps). Disposing cancels the call.</summary>
public sealed class EventStream : IDisposable
{
    private readonly AsyncServerStreamingCall<StreamEventsResponse> _call;

    private EventStream(AsyncServerStreamingCall<StreamEventsResponse> call) => _call = call;

    public static EventStream Open(EventsService.EventsServiceClient client, StreamEventsRequest request) =>
        new(client.StreamEvents(request));

    /// <summary>Completes when the server sent the response headers: at once, when the stream is subscribed (live events from then on reach it).</summary>
    public Task<Metadata> HeadersAsync() => _call.ResponseHeadersAsync.DefaultTimeout();

    /// <summary>The next event; fails when none comes within the default timeout or the stream ends.</summary>
    public async Task<StreamEventsResponse> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TaskTimeoutExtensions.Default);
        if (!await _call.ResponseStream.MoveNext(timeout.Token))
        {
            throw new InvalidOperationException("The event stream ended.");
        }

        return _call.ResponseStream.Current;
    }

    /// <summary>Reads events until one matches <paramref name="isLast"/> (included), within <paramref name="timeout"/>.</summary>
    public async Task<List<StreamEventsResponse>> ReadUntilAsync(Func<StreamEventsResponse, bool> isLast, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TaskTimeoutExtensions.Default);
        var items = new List<StreamEventsResponse>();
        try
        {
            while (await _call.ResponseStream.MoveNext(cancel.Token))
            {
                var item = _call.ResponseStream.Current;
                items.Add(item);
                if (isLast(item))
                {
                    return items;
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out reading events; got {items.Count}, last cursor {(items.Count > 0 ? items[^1].Cursor : 0)}", ex);
        }

        throw new InvalidOperationException($"The event stream ended after {items.Count} events.");
    }

    /// <summary>Reads exactly <paramref name="count"/> events.</summary>
    public async Task<List<StreamEventsResponse>> ReadAsync(int count)
    {
        var items = new List<StreamEventsResponse>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(await NextAsync());
        }

        return items;
    }

    public void Dispose() => _call.Dispose();
}
