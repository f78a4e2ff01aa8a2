using WaGrpc.Core.Engine;

namespace WaGrpc.Server.Session;

/// <summary>The session's status at one moment, with the QR code rendered.</summary>
/// <param name="Status">The account status.</param>
/// <param name="QrText">The QR code's text, with <see cref="AccountStatus.GotQrCode"/>.</param>
/// <param name="QrPng">The QR code as PNG, with <see cref="AccountStatus.GotQrCode"/>.</param>
/// <param name="Details">Details for people.</param>
/// <param name="Time">When it took effect.</param>
/// <param name="Page">What drives the WhatsApp Web page, once it reported it.</param>
public sealed record SessionSnapshot(AccountStatus Status, string? QrText, byte[]? QrPng, StatusDetails? Details, DateTimeOffset Time, PageDetails? Page = null)
{
    /// <summary>The QR code as a "data:image/png;base64,..." URI, or null.</summary>
    public string? QrDataUri => QrPng is null ? null : "data:image/png;base64," + Convert.ToBase64String(QrPng);
}
