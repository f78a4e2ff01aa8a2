using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>One entry of the actions queue (group creation and changes, chat reads); <see cref="Id"/> is its sequence number.</summary>
public sealed class ActionDocument
{
    [BsonId(false)]
    public long Id { get; set; }

    public ActionKind Kind { get; set; }

    public QueueState State { get; set; }

    /// <summary>The chat to mark read, or the group changed.</summary>
    public string ChatId { get; set; } = "";

    /// <summary>The member added, removed, promoted or demoted.</summary>
    public string? Participant { get; set; }

    /// <summary>A group to create: its name, members, first message and that message's key id (chosen at enqueue).</summary>
    public string? GroupName { get; set; }

    public List<string>? Participants { get; set; }

    public string? MessageText { get; set; }

    public string? KeyId { get; set; }

    /// <summary>The created group's chat id and invite link.</summary>
    public string? ResultChatId { get; set; }

    public string? InviteLink { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long Created { get; set; }

    /// <summary>The last attempt, unix milliseconds; null before the first.</summary>
    public long? LastTry { get; set; }

    /// <summary>When it may be tried next, unix milliseconds (backoff).</summary>
    public long NotBefore { get; set; }

    public int Attempts { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? Error { get; set; }

    /// <summary>When it was done, unix milliseconds.</summary>
    public long? Done { get; set; }
}
