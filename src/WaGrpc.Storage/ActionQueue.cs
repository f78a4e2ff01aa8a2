using System.Collections.Concurrent;
using System.Threading.Channels;
using LiteDB;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>
/// The actions queue in LiteDB: group creation, participant changes and chat reads, committed before the
/// caller answers and worked strictly in order by the action dispatcher, apart from the messages.
/// </summary>
public sealed class ActionQueue(WaGrpcDatabase database, StoreWriter writer, OutboundQueue outbound, TimeProvider time)
{
    public const string Sequence = "action";

    // The states not done, by the state index (stored by name): Pending, Sending, Failed.
    private static readonly BsonExpression Undone = Query.In(
        nameof(ActionDocument.State), new BsonValue(nameof(QueueState.Pending)), new BsonValue(nameof(QueueState.Sending)), new BsonValue(nameof(QueueState.Failed)));

    private readonly ConcurrentDictionary<long, TaskCompletionSource<ActionDocument>> _groupWaiters = new();
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Rung after every commit that may give the dispatcher work.</summary>
    public ChannelReader<bool> Doorbell => _doorbell.Reader;

    /// <summary>Commits a new action and answers it with its number.</summary>
    public Task<ActionDocument> EnqueueAsync(ActionDocument action) =>
        writer.WriteAsync(
            db =>
            {
                action.Id = db.NextSequence(Sequence);
                action.State = QueueState.Pending;
                action.Created = time.GetUtcNow().ToUnixTimeMilliseconds();
                db.Actions.Insert(action);
                return action;
            },
            _ => _doorbell.Writer.TryWrite(true));

    /// <summary>The actions not done (waiting, being done, or given up), oldest first.</summary>
    public IReadOnlyList<ActionDocument> ListUndone(int limit) =>
        database.Read(() => database.Actions.Find(Undone).OrderBy(x => x.Id).Take(limit).ToList());

    /// <summary>How many actions are not done: read through the state index (done actions, however many, are not visited).</summary>
    public int CountUndone() => database.Read(() => database.Actions.Count(Undone));

    /// <summary>The next action to work on (the oldest waiting or interrupted one), or null.</summary>
    public ActionDocument? Head() => database.Read(() =>
        database.Actions.Find(x => x.State == QueueState.Pending || x.State == QueueState.Sending).OrderBy(x => x.Id).FirstOrDefault());

    /// <summary>Removes every action not done and not being done right now; answers them, oldest first.</summary>
    public Task<IReadOnlyList<ActionDocument>> ClearUndoneAsync() =>
        writer.WriteAsync<IReadOnlyList<ActionDocument>>(db =>
        {
            var removed = db.Actions.Find(x => x.State == QueueState.Pending || x.State == QueueState.Failed).OrderBy(x => x.Id).ToList();
            foreach (var action in removed)
            {
                db.Actions.Delete(action.Id);
            }

            return removed;
        });

    /// <summary>Records one more attempt before the engine is called; null when the action is gone or over.</summary>
    public Task<ActionDocument?> BeginAttemptAsync(long id) => Change(id, a =>
    {
        if (a.State is not (QueueState.Pending or QueueState.Sending))
        {
            return false;
        }

        (a.State, a.LastTry) = (QueueState.Sending, time.GetUtcNow().ToUnixTimeMilliseconds());
        a.Attempts++;
        return true;
    });

    /// <summary>Marks an action done.</summary>
    public Task MarkDoneAsync(long id) => Change(id, a =>
    {
        (a.State, a.Done, a.Error) = (QueueState.Sent, time.GetUtcNow().ToUnixTimeMilliseconds(), null);
        return true;
    });

    /// <summary>Puts an action back to wait until <paramref name="notBefore"/> after a failed attempt.</summary>
    public Task MarkRetryAsync(long id, string error, DateTimeOffset notBefore) => Change(id, a =>
    {
        (a.State, a.Error, a.NotBefore) = (QueueState.Pending, error, notBefore.ToUnixTimeMilliseconds());
        return true;
    });

    /// <summary>Gives up on an action WhatsApp refused (it stays listed as failed, with the reason).</summary>
    public Task MarkFailedAsync(long id, string error) => Change(id, a =>
    {
        (a.State, a.Error) = (QueueState.Failed, error);
        return true;
    });

    /// <summary>
    /// Records a created group and ends its action in one commit, with the group's first message
    /// (when there is one) committed to the outbound queue alongside, so it goes out once.
    /// </summary>
    public Task CompleteGroupAsync(long id, string groupChatId, string? inviteLink, QueueDocument? firstMessage) =>
        writer.WriteAsync(
            db =>
            {
                var action = db.Actions.FindById(id) ?? throw new InvalidOperationException($"Action {id} is gone.");
                (action.ResultChatId, action.InviteLink) = (groupChatId, inviteLink);
                (action.State, action.Done, action.Error) = (QueueState.Sent, time.GetUtcNow().ToUnixTimeMilliseconds(), null);
                db.Actions.Update(action);
                if (firstMessage is not null)
                {
                    outbound.InsertWithin(db, firstMessage);
                }

                return action;
            },
            action =>
            {
                outbound.Ring();
                if (_groupWaiters.TryRemove(action.Id, out var waiter))
                {
                    waiter.TrySetResult(action);
                }
            });

    /// <summary>Waits until the group of action <paramref name="id"/> is created, or the timeout passes (then null).</summary>
    public async Task<ActionDocument?> WaitForGroupAsync(long id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = _groupWaiters.GetOrAdd(id, _ => new TaskCompletionSource<ActionDocument>(TaskCreationOptions.RunContinuationsAsynchronously));
        // It may have been created before the waiter was registered.
        if (database.Read(() => database.Actions.FindById(id)) is { ResultChatId: not null } done)
        {
            _groupWaiters.TryRemove(id, out _);
            return done;
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _groupWaiters.TryRemove(id, out _);
            return null;
        }
    }

    // Applies a change to one action in a commit; answers it when the change applied.
    private Task<ActionDocument?> Change(long id, Func<ActionDocument, bool> change) =>
        writer.WriteAsync(db =>
        {
            var action = db.Actions.FindById(id);
            if (action is null || !change(action))
            {
                return null;
            }

            db.Actions.Update(action);
            return action;
        });
}
