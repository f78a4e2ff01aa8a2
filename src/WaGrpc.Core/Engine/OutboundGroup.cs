namespace WaGrpc.Core.Engine;

/// <summary>A group to create.</summary>
/// <param name="QueueNumber">Its number in the outbound queue.</param>
/// <param name="Name">The group's name.</param>
/// <param name="Participants">The members' chat ids.</param>
public sealed record OutboundGroup(long QueueNumber, string Name, IReadOnlyList<string> Participants);
