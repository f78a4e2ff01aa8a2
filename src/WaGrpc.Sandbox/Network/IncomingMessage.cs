namespace WaGrpc.Sandbox.Network;

/// <summary>A message a contact (or the account's phone) sends through the phone API; a location has Type "location", Lat, Lng and an Address; a reply names the message it quotes (QuotedMsgId, as the gateway shows ids).</summary>
public sealed record IncomingMessage(
    string From,
    string? ChatId,
    string? To,
    string? Body,
    string? Type,
    string? SenderName,
    IncomingMedia? Media,
    bool CiphertextFirst,
    double? Lat = null,
    double? Lng = null,
    string? Address = null,
    string? QuotedMsgId = null);
