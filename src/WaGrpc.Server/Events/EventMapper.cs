using WaGrpc.Contracts.Events.V1;
using WaGrpc.Server.Media;
using WaGrpc.Server.Messaging;
using WaGrpc.Storage.Documents;
using EventKind = WaGrpc.Storage.Documents.EventKind;
using ProtoEventKind = WaGrpc.Contracts.Events.V1.EventKind;

namespace WaGrpc.Server.Events;

/// <summary>Turns event rows into stream items, and applies a stream's filters.</summary>
public static class EventMapper
{
    public static StreamEventsResponse ToProto(EventDocument row, MediaLinks links)
    {
        var item = new StreamEventsResponse { Cursor = row.Cursor, Time = row.Time };
        switch (row.Kind)
        {
            case EventKind.Message when row.Message is not null:
                item.Message = MessageMapper.ToProto(row.Message, links);
                break;
            case EventKind.Ack when row.Ack is not null:
                item.Ack = ToAck(row.Ack);
                break;
            case EventKind.Status when row.Status is not null:
                item.Status = new StatusChange { AccountStatus = row.Status.AccountStatus, Reason = row.Status.Reason };
                break;
        }

        return item;
    }

    /// <summary>An ack as the stream (and the legacy webhook) shows it.</summary>
    public static Ack ToAck(AckRecord ack)
    {
        var item = new Ack { Id = ack.MessageId, ChatId = ack.ChatId, Status = ack.Status };
        if (ack.QueueNumber is { } queueNumber)
        {
            item.QueueNumber = queueNumber;
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
