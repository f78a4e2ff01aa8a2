using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>
/// How the outbound queue is laid out so its listing costs the same at any length: entries not
/// sent live in <c>queue</c> (ordered by number), sent ones move to <c>queue_sent</c>, and the
/// number not sent is a maintained count. Files written before this layout kept sent entries in
/// <c>queue</c> and had no count; <see cref="Upgrade"/> moves them once, in one transaction.
/// </summary>
internal static class QueueLayout
{
    /// <summary>The maintained number of entries in <c>queue</c>.</summary>
    public const string UnsentCount = "count:queue";

    public static void Upgrade(WaGrpcDatabase db)
    {
        if (db.Sequences.FindById(UnsentCount) is not null)
        {
            return;
        }

        db.Db.BeginTrans();
        try
        {
            foreach (var sent in db.Queue.Find(x => x.State == QueueState.Sent).ToList())
            {
                db.SentQueue.Upsert(sent);
                db.Queue.Delete(sent.QueueNumber);
            }

            db.Sequences.Upsert(new SequenceDocument { Name = UnsentCount, Value = db.Queue.LongCount() });
            db.Db.Commit();
        }
        catch
        {
            db.Db.Rollback();
            throw;
        }
    }
}
