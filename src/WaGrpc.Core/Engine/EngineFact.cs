namespace WaGrpc.Core.Engine;

/// <summary>Something that happened in the session: a message or an ack.</summary>
public abstract record EngineFact;

/// <summary>A message seen in the session, incoming or outgoing (also those sent from the phone).</summary>
public sealed record MessageFact(WaMessage Message) : EngineFact;

/// <summary>The delivery state of a message moved on.</summary>
/// <param name="MessageId">The message's full id ("true_&lt;chatId&gt;_&lt;msgid&gt;").</param>
/// <param name="ChatId">The chat.</param>
/// <param name="Level">The new delivery state.</param>
public sealed record AckFact(string MessageId, string ChatId, AckLevel Level) : EngineFact;

/// <summary>WhatsApp's ack values (played counts as viewed).</summary>
public enum AckLevel
{
    /// <summary>-1: could not be sent.</summary>
    Error = -1,

    /// <summary>0: waiting (the clock).</summary>
    Pending = 0,

    /// <summary>1: the server has it ("sent").</summary>
    Sent = 1,

    /// <summary>2: the recipient's device has it ("delivered").</summary>
    Delivered = 2,

    /// <summary>3 (or 4, played): read ("viewed").</summary>
    Viewed = 3,
}
