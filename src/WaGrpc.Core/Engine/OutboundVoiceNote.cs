namespace WaGrpc.Core.Engine;

/// <summary>The file is a voice note (push-to-talk): type <c>ptt</c>.</summary>
public sealed record OutboundVoiceNote : OutboundContent;
