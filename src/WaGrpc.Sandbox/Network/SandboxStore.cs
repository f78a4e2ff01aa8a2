using LiteDB;

namespace WaGrpc.Sandbox.Network;

/// <summary>
/// The simulated network's own state, in its own LiteDB file (sandbox.db) beside the gateway's:
/// the linked device and its keys, what each side received, groups, media and settings. It
/// survives a restart or a SIGKILL of the gateway, so crash tests can count deliveries.
/// Writes are serialised by a lock; most are their own commit, a batch of acks is one.
/// </summary>
public sealed class SandboxStore : IDisposable
{
    private readonly LiteDatabase _db;

    public SandboxStore(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        _db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(dataDir, "sandbox.db"), Connection = ConnectionType.Direct }, mapper);
        Devices = _db.GetCollection<LinkedDevice>("devices");
        Inbox = _db.GetCollection<InboxMessage>("inbox");
        Inbox.EnsureIndex(x => x.SerializedId);
        Sent = _db.GetCollection<SentMessage>("sent");
        Sent.EnsureIndex(x => x.SerializedId);
        Sent.EnsureIndex(x => x.ChatId);
        Groups = _db.GetCollection<SandboxGroup>("groups");
        Settings = _db.GetCollection<SandboxSettings>("settings");
        Sequences = _db.GetCollection<SandboxSequence>("sequences");
    }

    /// <summary>Held while reading and changing the store together.</summary>
    public Lock Gate { get; } = new();

    public ILiteCollection<LinkedDevice> Devices { get; }

    public ILiteCollection<InboxMessage> Inbox { get; }

    public ILiteCollection<SentMessage> Sent { get; }

    public ILiteCollection<SandboxGroup> Groups { get; }

    public ILiteCollection<SandboxSettings> Settings { get; }

    private ILiteCollection<SandboxSequence> Sequences { get; }

    public ILiteStorage<string> Media => _db.FileStorage;

    public LinkedDevice? Device => Devices.FindById(LinkedDevice.SingletonId);

    public SandboxSettings CurrentSettings => Settings.FindById("settings") ?? new SandboxSettings();

    public long Next(string name)
    {
        var sequence = Sequences.FindById(name) ?? new SandboxSequence { Name = name };
        sequence.Value++;
        Sequences.Upsert(sequence);
        return sequence.Value;
    }

    /// <summary>Runs <paramref name="work"/> as one commit (the caller holds <see cref="Gate"/>).</summary>
    public void InOneCommit(Action work)
    {
        _db.BeginTrans();
        try
        {
            work();
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    public void Dispose() => _db.Dispose();
}
