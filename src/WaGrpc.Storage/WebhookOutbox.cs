using System.Threading.Channels;
using LiteDB;
using WaGrpc.Core;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>
/// The webhook outbox: events waiting to be posted, in order, written in the same commit as their
/// event rows (<see cref="Record"/>); deliveries given up on (dead letters), until replayed; and
/// the most recent POSTs. The sender takes one delivery at a time from the head.
/// </summary>
public sealed class WebhookOutbox(WaGrpcDatabase database, StoreWriter writer, TimeProvider time)
{
    public const string OutboxSequence = "webhook";
    public const string BatchSequence = "webhookBatch";
    public const string AttemptSequence = "webhookAttempt";

    /// <summary>How many attempts are kept for the status API.</summary>
    public const int KeptAttempts = 100;

    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Rung when the sender may have new work that no event announced (a replay, a new URL).</summary>
    public ChannelReader<bool> Doorbell => _doorbell.Reader;

    /// <summary>Wakes the sender.</summary>
    public void Ring() => _doorbell.Writer.TryWrite(true);

    /// <summary>
    /// Adds outbox rows for newly recorded events, inside the same <see cref="StoreWriter"/>
    /// operation: every message event while a webhook URL is set, and ack events when ack
    /// notifications are on. Settings are read inside the transaction.
    /// </summary>
    public static void Record(WaGrpcDatabase db, IReadOnlyList<EventDocument> events, long nowMs)
    {
        if (events.Count == 0)
        {
            return;
        }

        var settings = db.Settings.FindById(SettingsDocument.SingletonId) ?? new SettingsDocument();
        if (settings.WebhookUrl.Length == 0)
        {
            return;
        }

        foreach (var row in events)
        {
            var wanted = row.Kind switch
            {
                EventKind.Message => row.Message is not null && !(settings.IgnoreOldMessages && IsOld(row.Message, nowMs)),
                EventKind.Ack => row.Ack is not null && settings.AckNotificationsOn,
                EventKind.Status => row.Status is not null && settings.StatusNotificationsOn,
                _ => false,
            };
            if (wanted)
            {
                db.WebhookOutbox.Insert(new WebhookOutboxDocument
                {
                    Id = db.NextSequence(OutboxSequence),
                    Cursor = row.Cursor,
                    Kind = row.Kind,
                    Created = nowMs,
                    Message = row.Message,
                    Ack = row.Ack,
                    Status = row.Status,
                });
                db.AddToCount(WebhookOutboxLayout.WaitingCount, 1);
            }
        }
    }

    /// <summary>With the setting ignoreOldMessages: a message sent more than <see cref="OldMessageAge"/> before it reached the gateway (history the phone syncs).</summary>
    private static bool IsOld(MessageDocument message, long nowMs) => message.Time * 1000 < nowMs - (long)OldMessageAge.TotalMilliseconds;

    /// <summary>How old a message is when ignoreOldMessages keeps it from the webhook.</summary>
    public static readonly TimeSpan OldMessageAge = TimeSpan.FromMinutes(5);

    /// <summary>How many events wait in the outbox.</summary>
    public int CountWaiting() => (int)database.Read(() => database.CurrentSequence(WebhookOutboxLayout.WaitingCount));

    /// <summary>When the oldest waiting event was recorded (unix ms), or null.</summary>
    public long? OldestWaiting() => database.Read(() => database.WebhookOutbox.Find(Query.All(), limit: 1).FirstOrDefault()?.Created);

    /// <summary>
    /// The next delivery: the head of the outbox. A delivery already attempted (also before a
    /// restart, or replayed) comes back whole with its batch id; otherwise the leading events of
    /// the same kind, up to <paramref name="maxEvents"/>, get a new batch id (committed). Null when
    /// nothing waits.
    /// </summary>
    public Task<WebhookBatch?> TakeBatchAsync(int maxEvents) =>
        writer.WriteAsync(db =>
        {
            var head = db.WebhookOutbox.Find(Query.All(), limit: maxEvents).ToList();
            if (head.Count == 0)
            {
                return null;
            }

            if (head[0].BatchId is { } existing)
            {
                var rows = db.WebhookOutbox.Find(x => x.BatchId == existing).OrderBy(x => x.Id).ToList();
                return new WebhookBatch(existing, head[0].Kind, rows);
            }

            var kind = head[0].Kind;
            var taken = head.TakeWhile(x => x.BatchId is null && x.Kind == kind).ToList();
            var batchId = db.NextSequence(BatchSequence);
            foreach (var row in taken)
            {
                row.BatchId = batchId;
                db.WebhookOutbox.Update(row);
            }

            return (WebhookBatch?)new WebhookBatch(batchId, kind, taken);
        });

    /// <summary>Records an attempt that will be retried.</summary>
    public Task RecordAttemptAsync(WebhookAttemptDocument attempt) =>
        writer.WriteAsync(db =>
        {
            AddAttempt(db, attempt);
            return true;
        });

    /// <summary>The delivery was accepted: its events leave the outbox, with the attempt recorded, in one commit.</summary>
    public Task CompleteAsync(WebhookBatch batch, WebhookAttemptDocument attempt) =>
        writer.WriteAsync(db =>
        {
            foreach (var row in batch.Events)
            {
                RemoveWaiting(db, row.Id);
                if (row.Message is { WaId: var waId } && db.MessageById(waId) is { WebhookSent: null } logged)
                {
                    logged.WebhookSent = attempt.Time;
                    db.Messages.Update(logged);
                }
            }

            AddAttempt(db, attempt);
            return true;
        });

    /// <summary>
    /// Where the webhook of a message stands: "sent" (posted, answered 2xx), "queued" (waiting in
    /// the outbox) or "not sent" (no webhook was set then, given up on, or an unknown message),
    /// with the unix time (seconds) it was posted or recorded; 0 for an unknown message.
    /// </summary>
    public (string Status, long Time) StatusOf(string messageId) => database.Read(() =>
    {
        var logged = database.MessageById(messageId);
        if (logged?.WebhookSent is { } sent)
        {
            return ("sent", sent / 1000);
        }

        var waiting = database.WebhookOutbox.Find(WaitingMessage(messageId)).FirstOrDefault(o => o.Kind == EventKind.Message);
        return waiting is not null ? ("queued", waiting.Created / 1000) : ("not sent", logged?.Time ?? 0);
    });

    /// <summary>
    /// The outbox rows of one message, found through the index on the message's id
    /// (<see cref="WaGrpcDatabase.OutboxMessageIndex"/>): the lookup does not read the rest of a
    /// backlog, however long it grew while the receiver was down.
    /// </summary>
    public static BsonExpression WaitingMessage(string messageId) =>
        Query.EQ(WaGrpcDatabase.OutboxMessageIndex, new BsonValue(messageId));

    /// <summary>Gives up on a delivery: its events move from the outbox to the dead letters, with the attempt recorded, in one commit.</summary>
    public Task DeadLetterAsync(WebhookBatch batch, WebhookAttemptDocument attempt) =>
        writer.WriteAsync(db =>
        {
            foreach (var row in batch.Events)
            {
                RemoveWaiting(db, row.Id);
            }

            var added = db.WebhookDeadLetters.Upsert(new WebhookDeadLetterDocument
            {
                BatchId = batch.BatchId,
                Kind = batch.Kind,
                Events = batch.Events.ToList(),
                FirstCreated = batch.Events.Min(x => x.Created),
                DeadAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
                Attempts = attempt.Attempt,
                LastHttpStatus = attempt.HttpStatus,
                LastError = attempt.Error,
                Url = attempt.Url,
            });
            if (added)
            {
                db.AddToCount(WebhookOutboxLayout.DeadLetterCount, 1);
            }

            AddAttempt(db, attempt);
            return true;
        });

    /// <summary>The most recent attempts, newest first.</summary>
    public IReadOnlyList<WebhookAttemptDocument> RecentAttempts(int limit) =>
        database.Read(() => database.WebhookAttempts.Find(Query.All(Query.Descending), limit: limit).ToList());

    /// <summary>How many deliveries are dead letters.</summary>
    public int CountDeadLetters() => (int)database.Read(() => database.CurrentSequence(WebhookOutboxLayout.DeadLetterCount));

    /// <summary>Dead letters, oldest delivery first.</summary>
    public IReadOnlyList<WebhookDeadLetterDocument> ListDeadLetters(int limit) =>
        database.Read(() => database.WebhookDeadLetters.Find(Query.All(), limit: limit).ToList());

    /// <summary>
    /// Puts dead letters back into the outbox (with their original order numbers and batch ids,
    /// so they go before newer events and keep their X-WaGrpc-Event-Id) and removes them from the
    /// dead letters, in one commit. <paramref name="batchIds"/> null: all. An unknown id fails the
    /// whole call and changes nothing. Answers the replayed dead letters.
    /// </summary>
    public async Task<IReadOnlyList<WebhookDeadLetterDocument>> ReplayAsync(IReadOnlyCollection<long>? batchIds)
    {
        var replayed = await writer.WriteAsync<IReadOnlyList<WebhookDeadLetterDocument>>(db =>
        {
            List<WebhookDeadLetterDocument> letters;
            if (batchIds is null)
            {
                letters = db.WebhookDeadLetters.FindAll().ToList();
            }
            else
            {
                letters = [];
                foreach (var id in batchIds.Distinct())
                {
                    letters.Add(db.WebhookDeadLetters.FindById(id)
                        ?? throw new ValidationException("ids", $"ids: {id} is not a dead letter"));
                }
            }

            foreach (var letter in letters)
            {
                foreach (var row in letter.Events)
                {
                    if (db.WebhookOutbox.Upsert(row))
                    {
                        db.AddToCount(WebhookOutboxLayout.WaitingCount, 1);
                    }
                }

                if (db.WebhookDeadLetters.Delete(letter.BatchId))
                {
                    db.AddToCount(WebhookOutboxLayout.DeadLetterCount, -1);
                }
            }

            return letters;
        });
        if (replayed.Count > 0)
        {
            Ring();
        }

        return replayed;
    }

    private static void RemoveWaiting(WaGrpcDatabase db, long id)
    {
        if (db.WebhookOutbox.Delete(id))
        {
            db.AddToCount(WebhookOutboxLayout.WaitingCount, -1);
        }
    }

    private static void AddAttempt(WaGrpcDatabase db, WebhookAttemptDocument attempt)
    {
        attempt.Id = db.NextSequence(AttemptSequence);
        db.WebhookAttempts.Insert(attempt);
        var cutoff = attempt.Id - KeptAttempts;
        if (cutoff > 0)
        {
            db.WebhookAttempts.DeleteMany(x => x.Id <= cutoff);
        }
    }
}

/// <summary>One delivery: the events of one POST, oldest first, all of one kind.</summary>
/// <param name="BatchId">Its id, the same for every attempt.</param>
/// <param name="Kind">Message or Ack.</param>
/// <param name="Events">The events.</param>
public sealed record WebhookBatch(long BatchId, EventKind Kind, IReadOnlyList<WebhookOutboxDocument> Events);
