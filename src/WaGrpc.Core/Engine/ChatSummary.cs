namespace WaGrpc.Core.Engine;

/// <summary>A chat of the session, as the engine lists it.</summary>
/// <param name="Id">"&lt;digits&gt;@c.us", "&lt;id&gt;@lid" or "&lt;id&gt;@g.us".</param>
/// <param name="Name">The group's subject, the contact's name or push name; "" when none.</param>
/// <param name="IsGroup">True for a group.</param>
/// <param name="Participants">A group's members' chat ids; empty for a person.</param>
public sealed record ChatSummary(string Id, string Name, bool IsGroup, IReadOnlyList<string> Participants);
