namespace WaGrpc.Core.Engine;

/// <summary>A message forwarded from another chat, marked as forwarded.</summary>
/// <param name="MessageId">The forwarded message's id ("false_&lt;chat&gt;_&lt;key&gt;").</param>
public sealed record OutboundForward(string MessageId) : OutboundContent;
