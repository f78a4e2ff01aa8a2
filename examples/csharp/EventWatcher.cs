using Grpc.Core;
using WaGrpc.Contracts.Events.V1;

namespace WaGrpc.Examples.Client;

/// <summary>Follows StreamEvents for the message's chat until an event of the message arrives.</summary>
public sealed class EventWatcher(EventsService.EventsServiceClient events, Metadata headers, ClientSettings settings)
{
    /// <summary>Prints the chat's events; true when one belongs to <paramref name="messageId"/>, false at a limit.</summary>
    public async Task<bool> WaitForAsync(string messageId)
    {
        var request = new StreamEventsRequest
        {
            AfterCursor = settings.AfterCursor,
            ChatId = settings.ChatId,
            Kinds = { EventKind.Message, EventKind.Ack },
        };
        using var call = events.StreamEvents(request, headers, deadline: DateTime.UtcNow + settings.Timeout);
        var count = 0;
        try
        {
            await foreach (var item in call.ResponseStream.ReadAllAsync())
            {
                Console.WriteLine($"event {item.Cursor}: {Describe(item)}");
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
