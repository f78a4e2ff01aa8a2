using Grpc.Core;
using WaGrpc.Contracts.Events.V1;

namespace WaGrpc.Examples.Client;

/// <summary>
/// Follows StreamEvents for the message's chat until an event of the message arrives; then, after
/// the stream was closed, reopens it from the last cursor seen (<see cref="ResumeAsync"/>).
/// </summary>
public sealed class EventWatcher(EventsService.EventsServiceClient events, Metadata headers, ClientSettings settings)
{
    private readonly HashSet<long> _seen = [];

    /// <summary>The cursor of the last event read: where a reopened stream resumes.</summary>
    public long LastCursor { get; private set; }

    /// <summary>Prints the chat's events; true when one belongs to <paramref name="messageId"/>, false at a limit.</summary>
    public async Task<bool> WaitForAsync(string messageId)
    {
        LastCursor = settings.AfterCursor;
        using var call = events.StreamEvents(Request(LastCursor), headers, deadline: DateTime.UtcNow + settings.Timeout);
        var count = 0;
        try
        {
            await foreach (var item in call.ResponseStream.ReadAllAsync())
            {
                Read(item);
                if (item.Message?.Id == messageId || item.Ack?.Id == messageId)
                {
                    // Keep the cursor: the next run can resume after it instead of replaying the chat.
                    Console.WriteLine($"seen: {messageId} at cursor {item.Cursor}");
                    return true;
                }

                if (++count >= settings.MaxEvents)
                {
                    await Console.Error.WriteLineAsync($"error: {count} events (WAGRPC_MAX_EVENTS) without {messageId}");
                    return false;
                }
            }

            await Console.Error.WriteLineAsync($"error: the event stream ended without {messageId}");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            await Console.Error.WriteLineAsync(
                $"error: {messageId} was not in the event stream within {settings.Timeout.TotalSeconds} s (WAGRPC_TIMEOUT_SECONDS); " +
                "a message waits in the queue while the WhatsApp session is not authenticated");
        }

        return false;
    }

    /// <summary>
    /// Reopens the stream after <see cref="LastCursor"/> (what happened meanwhile is replayed from
    /// the gateway's log) and checks that no event already read comes again. With
    /// <paramref name="expectedId"/>: true when that message arrives; without: true when the
    /// stream's events were all new for WAGRPC_RESUME_SECONDS.
    /// </summary>
    public async Task<bool> ResumeAsync(string? expectedId)
    {
        var from = LastCursor;
        var window = expectedId is null ? settings.ResumeWindow : settings.Timeout;
        using var call = events.StreamEvents(Request(from), headers, deadline: DateTime.UtcNow + window);
        var count = 0;
        try
        {
            await foreach (var item in call.ResponseStream.ReadAllAsync())
            {
                if (item.Cursor <= from || _seen.Contains(item.Cursor))
                {
                    await Console.Error.WriteLineAsync($"error: the stream resumed from cursor {from} repeated cursor {item.Cursor}");
                    return false;
                }

                Read(item);
                count++;
                if (expectedId is not null && item.Message?.Id == expectedId)
                {
                    Console.WriteLine($"resumed from cursor {from}: {count} new events, {expectedId} at cursor {item.Cursor}, none repeated");
                    return true;
                }

                if (count >= settings.MaxEvents)
                {
                    await Console.Error.WriteLineAsync($"error: {count} events (WAGRPC_MAX_EVENTS) after cursor {from}");
                    return false;
                }
            }

            await Console.Error.WriteLineAsync($"error: the stream resumed from cursor {from} ended");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            if (expectedId is null)
            {
                Console.WriteLine($"resumed from cursor {from}: {count} new events in {window.TotalSeconds} s, none repeated");
                return true;
            }

            await Console.Error.WriteLineAsync(
                $"error: {expectedId} was not in the stream resumed from cursor {from} within {window.TotalSeconds} s (WAGRPC_TIMEOUT_SECONDS)");
        }

        return false;
    }

    private StreamEventsRequest Request(long afterCursor) => new()
    {
        AfterCursor = afterCursor,
        ChatId = settings.ChatId,
        Kinds = { EventKind.Message, EventKind.Ack },
    };

    private void Read(StreamEventsResponse item)
    {
        Console.WriteLine($"event {item.Cursor}: {Describe(item)}");
        _seen.Add(item.Cursor);
        LastCursor = item.Cursor;
    }

    private static string Describe(StreamEventsResponse item) => item.EventCase switch
    {
        StreamEventsResponse.EventOneofCase.Message =>
            $"message {item.Message.Id} ({(item.Message.FromMe ? "outgoing" : "incoming")}, {item.Message.Type}" +
            (item.Message.HasAck ? $", ack {item.Message.Ack})" : ")"),
        StreamEventsResponse.EventOneofCase.Ack => $"ack {item.Ack.Id} {item.Ack.Status}",
        StreamEventsResponse.EventOneofCase.Status => $"status {item.Status.AccountStatus}",
        _ => "an event of a kind this client does not know",
    };
}
