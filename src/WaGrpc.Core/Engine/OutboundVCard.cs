namespace WaGrpc.Core.Engine;

/// <summary>A contact card given as vCard text: type <c>vcard</c>.</summary>
/// <param name="VCard">vCard 3.0 text.</param>
/// <param name="DisplayName">The card's formatted name (its FN line).</param>
public sealed record OutboundVCard(string VCard, string DisplayName) : OutboundContent;
