using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>
/// A named sequence. LiteDB's own auto-ids restart from the highest id present, so numbers of
/// deleted rows could be handed out again; ours never are.
/// </summary>
public sealed class SequenceDocument
{
    [BsonId(false)]
    public string Name { get; set; } = "";

    public long Value { get; set; }
}
