namespace WaGrpc.Core.Engine;

/// <summary>
/// What the page sent, when it chose the content itself (the vCards it made for contacts, the
/// type and text of a forwarded message); null fields: as asked.
/// </summary>
/// <param name="Type">The message type sent, or null.</param>
/// <param name="Body">The body sent, or null.</param>
public sealed record SendResult(string? Type = null, string? Body = null)
{
    /// <summary>Sent as asked.</summary>
    public static readonly SendResult AsAsked = new();
}
