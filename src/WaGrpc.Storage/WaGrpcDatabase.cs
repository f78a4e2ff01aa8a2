using LiteDB;
using Microsoft.Extensions.Options;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>
/// The instance's one LiteDB file, opened once per process. A lock file in the data directory
/// keeps a second process out: LiteDB's direct mode takes no lock between processes on Linux.
/// All writes go through <see cref="StoreWriter"/>; reads may come from any thread.
/// </summary>
public sealed class WaGrpcDatabase : IDisposable
{
    private const int CheckpointPages = 8_000;

    /// <summary>The webhook outbox's index on the id of the message a row carries (null for acks and statuses).</summary>
    public const string OutboxMessageIndex = "$.Message.WaId";

    private readonly FileStream _lock;

    // The writer thread's sequences changed in the open group transaction (see BeginDeferringSequences).
    private readonly Dictionary<string, SequenceDocument> _deferred = new(StringComparer.Ordinal);
    private bool _deferring;

    public WaGrpcDatabase(IOptions<StorageOptions> options)
    {
        var dataDir = Path.GetFullPath(options.Value.DataDir);
        Directory.CreateDirectory(dataDir);
        DataDir = dataDir;
        var lockPath = Path.Combine(dataDir, "wagrpc.lock");
        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The data directory '{dataDir}' is in use by another WaGrpc process (lock file '{lockPath}'). " +
                "Stop it, or give this one its own WaGrpc:DataDir.", ex);
        }

        // Strings are stored exactly: LiteDB's defaults turn "" into null and trim whitespace.
        var mapper = new BsonMapper { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };
        Db = new LiteDatabase(
            new ConnectionString { Filename = Path.Combine(dataDir, options.Value.DatabaseFile), Connection = ConnectionType.Direct },
            mapper);
        // The log is copied into the data file every CheckpointPages pages instead of LiteDB's
        // 1,000 (8 MB): under a burst of group commits that was a checkpoint every few hundred
        // commits. Measured: queue enqueue with 64 callers +10-35% (bench/changes.md); the log
        // file may grow to 64 MB between checkpoints, and a restart after a crash replays it.
        Db.CheckpointSize = CheckpointPages;

        Messages = Db.GetCollection<MessageDocument>("messages");
        Messages.EnsureIndex(x => x.WaId, unique: true);
        Messages.EnsureIndex(x => x.ChatId);
        Messages.EnsureIndex(x => x.Time);

        Events = Db.GetCollection<EventDocument>("events");

        Queue = Db.GetCollection<QueueDocument>("queue");
        Queue.EnsureIndex(x => x.MessageId);
        SentQueue = Db.GetCollection<QueueDocument>("queue_sent");
        SentQueue.EnsureIndex(x => x.MessageId);

        Actions = Db.GetCollection<ActionDocument>("actions");
        Actions.EnsureIndex(x => x.State);

        Settings = Db.GetCollection<SettingsDocument>("settings");
        Sequences = Db.GetCollection<SequenceDocument>("sequences");

        WebhookOutbox = Db.GetCollection<WebhookOutboxDocument>("webhook_outbox");
        WebhookOutbox.EnsureIndex(x => x.BatchId);
        WebhookOutbox.EnsureIndex(OutboxMessageIndex);
        WebhookDeadLetters = Db.GetCollection<WebhookDeadLetterDocument>("webhook_dead_letters");
        WebhookAttempts = Db.GetCollection<WebhookAttemptDocument>("webhook_attempts");
        SessionSnapshots = Db.GetCollection<SessionSnapshotDocument>("session_snapshot");
        QueueLayout.Upgrade(this);
        WebhookOutboxLayout.Upgrade(this);
    }

    /// <summary>The full path of the data directory.</summary>
    public string DataDir { get; }

    public LiteDatabase Db { get; }

    public ILiteCollection<MessageDocument> Messages { get; }

    public ILiteCollection<EventDocument> Events { get; }

    /// <summary>The outbound entries not sent (waiting, being sent, or given up); <c>_id</c> = queue order.</summary>
    public ILiteCollection<QueueDocument> Queue { get; }

    /// <summary>The outbound entries that went out (kept so their message ids stay known).</summary>
    public ILiteCollection<QueueDocument> SentQueue { get; }

    /// <summary>The actions queue (group changes, chat reads; <c>_id</c> = its order).</summary>
    public ILiteCollection<ActionDocument> Actions { get; }

    public ILiteCollection<SettingsDocument> Settings { get; }

    public ILiteCollection<SequenceDocument> Sequences { get; }

    /// <summary>Events waiting to be posted to the webhook (<c>_id</c> = posting order).</summary>
    public ILiteCollection<WebhookOutboxDocument> WebhookOutbox { get; }

    /// <summary>Webhook deliveries given up on, until replayed.</summary>
    public ILiteCollection<WebhookDeadLetterDocument> WebhookDeadLetters { get; }

    /// <summary>The session's login copy (one document, secret).</summary>
    public ILiteCollection<SessionSnapshotDocument> SessionSnapshots { get; }

    /// <summary>The most recent webhook POSTs.</summary>
    public ILiteCollection<WebhookAttemptDocument> WebhookAttempts { get; }

    /// <summary>Stores a file's bytes under <paramref name="id"/> (replacing one there). Call only inside a <see cref="StoreWriter"/> operation.</summary>
    public void UploadFile(string id, string filename, byte[] content, BsonDocument? metadata = null)
    {
        using var stream = new MemoryStream(content, writable: false);
        Db.FileStorage.Upload(id, filename, stream, metadata);
    }

    /// <summary>A stored file with its bytes, or null when there is none.</summary>
    public (LiteFileInfo<string> Info, byte[] Content)? ReadFile(string id)
    {
        var file = Db.FileStorage.FindById(id);
        if (file is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        file.CopyTo(buffer);
        return (file, buffer.ToArray());
    }

    /// <summary>
    /// Runs a read while no commit is in progress. LiteDB's reads beside a write transaction of
    /// another thread failed under load (a 500 from /webhookStatus while a delivery was
    /// dead-lettered), so reads and commits take turns; <see cref="StoreWriter"/> commits under
    /// <see cref="CommitGate"/>. Reads inside a write operation need no wrapper (the gate is reentrant).
    /// </summary>
    public T Read<T>(Func<T> read)
    {
        lock (CommitGate)
        {
            return read();
        }
    }

    /// <summary>Held by each commit and each <see cref="Read{T}"/>.</summary>
    internal Lock CommitGate { get; } = new();

    /// <summary>The logged message with this WhatsApp id (a unique index), or null. Inside a write operation or a <see cref="Read{T}"/>.</summary>
    public MessageDocument? MessageById(string waId) => Messages.FindOne(m => m.WaId == waId);

    /// <summary>The queue entry (not sent or sent) of the message with this id, or null. Inside a write operation or a <see cref="Read{T}"/>.</summary>
    public QueueDocument? QueueEntryByMessageId(string messageId) =>
        Queue.FindOne(x => x.MessageId == messageId) ?? SentQueue.FindOne(x => x.MessageId == messageId);

    /// <summary>The next number of a sequence. Call only inside a <see cref="StoreWriter"/> operation.</summary>
    public long NextSequence(string name)
    {
        var doc = Sequence(name);
        doc.Value++;
        Written(doc);
        return doc.Value;
    }

    /// <summary>The last number a sequence handed out (0 before the first).</summary>
    public long CurrentSequence(string name) => Sequence(name).Value;

    /// <summary>Adds <paramref name="delta"/> to a maintained count (a sequence used as a counter). Call only inside a <see cref="StoreWriter"/> operation.</summary>
    public void AddToCount(string name, long delta)
    {
        if (delta == 0)
        {
            return;
        }

        var doc = Sequence(name);
        doc.Value += delta;
        Written(doc);
    }

    /// <summary>
    /// From here to <see cref="EndDeferringSequences"/> (the <see cref="StoreWriter"/>'s group
    /// transaction), sequences and counts change in memory and are written once, just before the
    /// commit: a group of 64 inserts otherwise rewrites the same two documents 64 times each.
    /// </summary>
    internal void BeginDeferringSequences() => _deferring = true;

    /// <summary>Writes the deferred sequences into the open transaction (true) or drops them (false: a rollback).</summary>
    internal void EndDeferringSequences(bool write)
    {
        _deferring = false;
        if (write)
        {
            foreach (var doc in _deferred.Values)
            {
                Sequences.Upsert(doc);
            }
        }

        _deferred.Clear();
    }

    private SequenceDocument Sequence(string name) =>
        _deferred.TryGetValue(name, out var doc) ? doc : Sequences.FindById(name) ?? new SequenceDocument { Name = name };

    private void Written(SequenceDocument doc)
    {
        if (_deferring)
        {
            _deferred[doc.Name] = doc;
        }
        else
        {
            Sequences.Upsert(doc);
        }
    }

    public void Dispose()
    {
        Db.Dispose();
        _lock.Dispose();
    }
}
