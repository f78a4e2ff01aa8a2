using Grpc.Core;
using Microsoft.Extensions.Options;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core;
using WaGrpc.Core.Messaging;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Media;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Events;

/// <summary>
/// The event stream. A subscriber registers for live events first, then replays the store after
/// its cursor, then takes live events, skipping what it already sent: no gap and no duplicate at
/// the seam. When its buffer overflowed it catches up from the store. Only this loop writes to
/// the response stream.
/// </summary>
public sealed class EventsGrpcService(
    EventLog eventLog,
    EventNotifier notifier,
    MediaLinks links,
    LiveEventItems liveItems,
    Observability.InstanceMetrics metrics,
    TimeProvider time,
    IOptions<WaGrpcOptions> options) : EventsStreamServiceBase
{
    private const int PageSize = 500;

    public override async Task StreamEvents(StreamEventsRequest request, IServerStreamWriter<StreamEventsResponse> responseStream, ServerCallContext context)
    {
        if (request.HasAfterCursor && request.AfterCursor < 0)
        {
            throw new ValidationException("afterCursor", "afterCursor must be 0 or more");
        }

        var chatId = request.ChatId?.Trim() ?? "";
        if (chatId.Length > 0 && !ChatIds.IsChatId(chatId))
        {
            throw new ValidationException("chatId", $"chatId '{chatId}' is not a valid chat id: use <digits>@c.us or <digits>-<digits>@g.us");
        }

        var filter = EventMapper.Filter(request);
        var cancellationToken = context.CancellationToken;
        using var subscription = notifier.Subscribe();
        var last = request.HasAfterCursor ? request.AfterCursor : notifier.LastCursor;
        // The answer's headers go out now, not with the first event: a client learns that it is
        // subscribed (everything from here on reaches it) before anything happens. A browser's
        // fetch() of GET /events resolves only then (the dashboard shows the stream as live).
        await context.WriteResponseHeadersAsync(new Metadata());
        if (RestRequests.IsTranscoded(context))
        {
            // The transcoding's flush of no bytes stops short of the legacy error middleware's stream.
            await context.GetHttpContext().Response.Body.FlushAsync(context.CancellationToken);
        }

        // Events at hand go out together (one flush per page, or per wake-up when live), each
        // batch flushed before the loop waits for more. The transcoded stream writes line by line.
        var writer = new BatchingStreamWriter<StreamEventsResponse>(responseStream, RestRequests.IsTranscoded(context) ? 1 : PageSize, cancellationToken);

        // A live row is the notifier's, the same for every subscriber: so is its item (made once).
        async ValueTask DeliverAsync(EventDocument row, bool live)
        {
            if (filter(row))
            {
                await writer.WriteAsync(live ? liveItems.ItemFor(row) : EventMapper.ToProto(row, links));
            }

            last = row.Cursor;
        }

        async Task CatchUpAsync()
        {
            while (true)
            {
                var page = eventLog.ReadEvents(last, PageSize);
                foreach (var row in page)
                {
                    await DeliverAsync(row, live: false);
                }

                await writer.FlushAsync();
                if (page.Count < PageSize)
                {
                    return;
                }
            }
        }

        metrics.StreamOpened();
        try
        {
            await CatchUpAsync();
            // Live events come one by one; flushes are spaced so that a busy stream sends them in groups.
            var pacer = new LiveFlushPacer(time, options.Value.StreamFlushInterval);
            while (await subscription.Reader.WaitToReadAsync(cancellationToken))
            {
                if (pacer.WaitBeforeFlush() is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                while (subscription.Reader.TryRead(out var row))
                {
                    if (subscription.TakeBehind())
                    {
                        while (subscription.Reader.TryRead(out _))
                        {
                        }

                        await CatchUpAsync();
                        break;
                    }

                    if (row is not null && row.Cursor > last)
                    {
                        await DeliverAsync(row, live: true);
                    }
                }

                await writer.FlushAsync();
                pacer.Flushed();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
        finally
        {
            metrics.StreamClosed();
        }
    }
}
