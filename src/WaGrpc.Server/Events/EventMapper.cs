using WaGrpc.Contracts.Events.V1;
using WaGrpc.Server.Messaging;
using WaGrpc.Storage.Documents;
using EventKind = WaGrpc.Storage.Documents.EventKind;
using ProtoEventKind = WaGrpc.Contracts.Events.V1.EventKind;

namespace WaGrpc.Server.Events;

/// <summary>Turns event rows into stream items, and applies a stream's filters.</summary>
public static class EventMapper
{
    public static StreamEventsResponse ToProto(EventDocument row)
    {
        var item = new StreamEventsResponse { Cursor = row.Cursor, Time = row.Time };
        switch (row.Kind)
        {
            case EventKind.Message when row.Message is not null:
                item.Message = MessageMapper.ToProto(row.Message);
                break;
            case EventKind.Ack when row.Ack is not null:
                item.Ack = new Ack { Id = row.Ack.MessageId, ChatId = row.Ack.ChatId, Status = row.Ack.Status };
                if (row.Ack.QueueNumber is { } queueNumber)
                {
                    item.Ack.QueueNumber = queueNumber;
                }

                break;
            case EventKind.Status when row.Status is not null:
                item.Status = new StatusChange { AccountStatus = row.Status.AccountStatus, Reason = row.Status.Reason };
                break;
        }

        return item;
    }

    /// <summary>A filter from a stream request: by chat (status events pass) and by kinds (empty: all).</summary>
    public static Func<EventDocument, bool> Filter(StreamEventsRequest request)
    {
        var kinds = request.Kinds.Where(k => k != ProtoEventKind.Unspecified).Select(k => (EventKind)(int)k).ToHashSet();
        var chatId = request.ChatId?.Trim() ?? "";
        return row => (kinds.Count == 0 || kinds.Contains(row.Kind))
            && (chatId.Length == 0 || row.Kind == EventKind.Status || row.ChatId == chatId);
    }
}
