namespace WaGrpc.Core.Engine;

/// <summary>What a message is beyond text or a plain file; each kind is its own WhatsApp message type.</summary>
public abstract record OutboundContent;
