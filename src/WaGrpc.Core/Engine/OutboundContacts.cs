namespace WaGrpc.Core.Engine;

/// <summary>Contact cards of WhatsApp users, made by the page from its contacts: type <c>vcard</c> (<c>multi_vcard</c> for several).</summary>
/// <param name="ContactIds">The contacts' chat ids.</param>
public sealed record OutboundContacts(IReadOnlyList<string> ContactIds) : OutboundContent;
