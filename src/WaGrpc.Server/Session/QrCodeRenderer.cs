using QRCoder;

namespace WaGrpc.Server.Session;

/// <summary>Renders QR code text as a PNG (QRCoder).</summary>
public sealed class QrCodeRenderer
{
    /// <summary>The PNG of <paramref name="text"/>, with a quiet zone, readable by phone cameras.</summary>
    public byte[] RenderPng(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule: 6);
    }
}
