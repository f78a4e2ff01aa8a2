using StbImageSharp;
using ZXing;
using ZXing.Common;

namespace WaGrpc.Server.Tests.Sandbox;

/// <summary>Decodes a QR code from a PNG with a real decoder (ZXing.Net), as a phone camera would.</summary>
public static class QrDecoder
{
    public static string Decode(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        var result = reader.Decode(source) ?? throw new InvalidOperationException("No QR code found in the image.");
        return result.Text;
    }
}
