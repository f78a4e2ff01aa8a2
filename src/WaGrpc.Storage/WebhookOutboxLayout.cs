using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>
/// The webhook outbox's and the dead letters' sizes as maintained counts, so the delivery status,
/// the dead-letter listing and every metrics scrape read them in constant time. Files written
/// before the counts existed get them once at open (<see cref="Upgrade"/>), counted in one transaction.
/// </summary>
internal static class WebhookOutboxLayout
{
    /// <summary>The maintained number of rows in <c>webhook_outbox</c>.</summary>
    public const string WaitingCount = "count:webhook_outbox";

    /// <summary>The maintained number of rows in <c>webhook_dead_letters</c>.</summary>
    public const string DeadLetterCount = "count:webhook_dead_letters";

    public static void Upgrade(WaGrpcDatabase db)
    {
        if (db.Sequences.FindById(WaitingCount) is not null && db.Sequences.FindById(DeadLetterCount) is not null)
        {
            return;
        }

        db.Db.BeginTrans();
        try
        {
            db.Sequences.Upsert(new SequenceDocument { Name = WaitingCount, Value = db.WebhookOutbox.LongCount() });
            db.Sequences.Upsert(new SequenceDocument { Name = DeadLetterCount, Value = db.WebhookDeadLetters.LongCount() });
            db.Db.Commit();
        }
        catch
        {
            db.Db.Rollback();
            throw;
        }
    }
}
