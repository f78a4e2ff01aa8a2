using LiteDB;
using WaGrpc.Core.Engine;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>
/// The message log and the event log. A batch of facts from the engine becomes message rows, event
/// rows and webhook outbox rows in one commit; subscribers are told after the commit.
/// </summary>
public sealed class EventLog
{
    public const string EventSequence = "event";
    public const string MessageSequence = "message";

    private readonly WaGrpcDatabase _database;
    private readonly StoreWriter _writer;
    private readonly EventNotifier _notifier;
    private readonly TimeProvider _time;

    public EventLog(WaGrpcDatabase database, StoreWriter writer, EventNotifier notifier, TimeProvider time)
    {
        _database = database;
        _writer = writer;
        _notifier = notifier;
        _time = time;
        _notifier.Initialize(database.Read(() => database.CurrentSequence(EventSequence)));
    }

    /// <summary>The last committed cursor.</summary>
    public long LastCursor => _notifier.LastCursor;

    /// <summary>Records messages and acks; messages already in the log and acks that do not move a message forward are ignored.</summary>
    public Task<IReadOnlyList<EventDocument>> AppendFactsAsync(IReadOnlyList<EngineFact> facts) =>
        _writer.WriteAsync(db => RecordFacts(db, facts, _time.GetUtcNow().ToUnixTimeMilliseconds()), Publish);

    /// <summary>Records a change of account status.</summary>
    public Task<IReadOnlyList<EventDocument>> AppendStatusAsync(AccountStatus status, string reason) =>
        _writer.WriteAsync<IReadOnlyList<EventDocument>>(
            db =>
            {
                var settings = db.Settings.FindById(SettingsDocument.SingletonId) ?? new SettingsDocument();
                var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var row = AddEvent(db, new EventDocument
                {
                    Time = nowMs,
                    Kind = EventKind.Status,
                    Status = new StatusRecord { AccountStatus = status.ToLegacyName(), Reason = reason, Hidden = settings.InstanceStatuses ? null : true },
                });
                WebhookOutbox.Record(db, [row], nowMs);
                return [row];
            },
            Publish);

    /// <summary>
    /// Records facts inside an operation of <see cref="StoreWriter"/> (so other writes can share
    /// the commit), with their webhook outbox rows; the caller publishes the returned events after
    /// the commit. <paramref name="fromQueue"/>: the outbound queue records a message it sent.
    /// </summary>
    /// <remarks>
    /// One writer per message: a message this gateway sent is written by the queue alone (when it
    /// is marked sent, with what the API accepted and its queue number). The page reports our own
    /// sends too; such an echo is recognised by its id (the queue entry's message id, our key) and
    /// dropped, whether it comes before or after the queue's write, so the row, its message event
    /// and its webhook are the same whichever wins the race. Acks that come before the row are kept
    /// on the queue entry and given to the row when it is written.
    /// </remarks>
    public static IReadOnlyList<EventDocument> RecordFacts(WaGrpcDatabase db, IReadOnlyList<EngineFact> facts, long nowMs, bool fromQueue = false)
    {
        var added = new List<EventDocument>();
        foreach (var fact in facts)
        {
            var row = fact switch
            {
                MessageFact message => RecordMessage(db, message.Message, nowMs, fromQueue),
                AckFact ack => RecordAck(db, ack, nowMs),
                _ => null,
            };
            if (row is not null)
            {
                added.Add(row);
            }
        }

        // Same transaction as the event rows: no crash can record an event and lose its webhook.
        WebhookOutbox.Record(db, added, nowMs);
        return added;
    }

    /// <summary>Publishes committed events to live subscribers.</summary>
    public void Publish(IReadOnlyList<EventDocument> events) => _notifier.Publish(events);

    private static EventDocument? RecordMessage(WaGrpcDatabase db, WaMessage message, long nowMs, bool fromQueue)
    {
        if (db.Messages.Exists(x => x.WaId == message.Id))
        {
            return null;
        }

        var entry = message.FromMe ? db.QueueEntryByMessageId(message.Id) : null;
        if (entry is not null && !fromQueue)
        {
            // The page's echo of a message the queue sends: the queue writes it (see RecordFacts).
            return null;
        }

        // The higher of the ack the message carries and one reported before this row existed.
        int? ack = message.Ack is { } reported ? (int)reported : null;
        if (entry?.EarlyAck is { } early && !(ack >= early))
        {
            ack = early;
        }

        var quotedRow = message.QuotedMsgBody is null && message.QuotedMsgId is { } quoted ? db.MessageById(quoted) : null;
        var doc = new MessageDocument
        {
            MessageNumber = db.NextSequence(MessageSequence),
            WaId = message.Id,
            ChatId = message.ChatId,
            Body = message.Body,
            MediaId = message.MediaId,
            Type = message.Type,
            SenderName = message.SenderName,
            FromMe = message.FromMe,
            Author = message.Author,
            Time = message.Time,
            Caption = message.Caption,
            QuotedMsgId = message.QuotedMsgId,
            QuotedMsgBody = message.QuotedMsgBody ?? quotedRow?.Body,
            QuotedMediaId = quotedRow?.MediaId,
            ChatName = message.ChatName,
            Ack = ack,
            QueueNumber = entry?.QueueNumber,
        };
        db.Messages.Insert(doc);
        return AddEvent(db, new EventDocument { Time = nowMs, Kind = EventKind.Message, ChatId = doc.ChatId, Message = doc });
    }

    private static EventDocument? RecordAck(WaGrpcDatabase db, AckFact ack, long nowMs)
    {
        if (ack.Level < AckLevel.Sent)
        {
            return null;
        }

        var level = (int)ack.Level;
        var message = db.MessageById(ack.MessageId);
        long? queueNumber;
        if (message is not null)
        {
            if (message.Ack >= level)
            {
                return null;
            }

            message.Ack = level;
            db.Messages.Update(message);
            queueNumber = message.QueueNumber;
        }
        else
        {
            // Not in the log yet: a message the queue is sending. Its entry keeps the ack for the row.
            var entry = db.Queue.FindOne(x => x.MessageId == ack.MessageId);
            if (entry is not null)
            {
                if (entry.EarlyAck >= level)
                {
                    return null;
                }

                entry.EarlyAck = level;
                db.Queue.Update(entry);
            }

            queueNumber = entry?.QueueNumber;
        }

        return AddEvent(db, new EventDocument
        {
            Time = nowMs,
            Kind = EventKind.Ack,
            ChatId = ack.ChatId,
            Ack = new AckRecord { MessageId = ack.MessageId, ChatId = ack.ChatId, Status = AckStatusName(level), QueueNumber = queueNumber },
        });
    }

    /// <summary>The legacy name of an ack level: sent, delivered or viewed.</summary>
    public static string AckStatusName(int level) => level switch
    {
        <= 1 => "sent",
        2 => "delivered",
        _ => "viewed",
    };

    private static EventDocument AddEvent(WaGrpcDatabase db, EventDocument row)
    {
        row.Cursor = db.NextSequence(EventSequence);
        db.Events.Insert(row);
        return row;
    }

    /// <summary>Committed events after <paramref name="afterCursor"/>, oldest first.</summary>
    /// <remarks>
    /// The cursor is a parameter: LiteDB's <c>Query.GT</c> writes the value into the expression's
    /// text, so each cursor was parsed and compiled anew and kept in LiteDB's expression cache.
    /// </remarks>
    public IReadOnlyList<EventDocument> ReadEvents(long afterCursor, int limit) =>
        _database.Read(() => _database.Events.Find(BsonExpression.Create("_id > @0", afterCursor), limit: limit).ToList());

    /// <summary>The status events recorded from <paramref name="fromMs"/> to <paramref name="toMs"/> (unix milliseconds), oldest first.</summary>
    public IReadOnlyList<(long Time, string AccountStatus)> ReadStatuses(long fromMs, long toMs) =>
        _database.Read(() => _database.Events.Find(e => e.Kind == EventKind.Status && e.Time >= fromMs && e.Time <= toMs)
            .Where(e => e.Status!.Hidden != true).OrderBy(e => e.Cursor).Select(e => (e.Time, e.Status!.AccountStatus)).ToList());

    /// <summary>The logged message with this id, or null.</summary>
    public MessageDocument? FindMessage(string waId) => _database.Read(() => _database.MessageById(waId));

    /// <summary>Reads the message log.</summary>
    public MessagePage ReadMessages(MessageQuery query) => _database.Read(() => ReadMessagesLocked(query));

    private MessagePage ReadMessagesLocked(MessageQuery query)
    {
        var q = _database.Messages.Query();
        if (!string.IsNullOrEmpty(query.ChatId))
        {
            var chatId = query.ChatId;
            q = q.Where(x => x.ChatId == chatId);
        }

        if (query.MinTime is { } min)
        {
            q = q.Where(x => x.Time >= min);
        }

        if (query.MaxTime is { } max)
        {
            q = q.Where(x => x.Time <= max);
        }

        List<MessageDocument> rows;
        if (query.Last)
        {
            rows = q.OrderByDescending(x => x.MessageNumber).Limit(100).ToList();
            rows.Reverse();
        }
        else
        {
            var after = query.AfterMessageNumber;
            q = q.Where(x => x.MessageNumber > after).OrderBy(x => x.MessageNumber);
            rows = query.Limit > 0 ? q.Limit(query.Limit).ToList() : q.ToList();
        }

        var last = rows.Count > 0 ? rows[^1].MessageNumber : query.AfterMessageNumber;
        return new MessagePage(rows, last);
    }
}

/// <summary>A query of the message log.</summary>
/// <param name="AfterMessageNumber">Only messages with a greater number.</param>
/// <param name="Last">The last 100 messages instead (the cursor is ignored).</param>
/// <param name="ChatId">Only this chat.</param>
/// <param name="Limit">At most this many; 0 for all.</param>
/// <param name="MinTime">Unix seconds, inclusive.</param>
/// <param name="MaxTime">Unix seconds, inclusive.</param>
public sealed record MessageQuery(long AfterMessageNumber, bool Last, string? ChatId, int Limit, long? MinTime, long? MaxTime);

/// <summary>A page of the message log and the cursor to pass next.</summary>
public sealed record MessagePage(IReadOnlyList<MessageDocument> Messages, long LastMessageNumber);
