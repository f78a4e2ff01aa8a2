using StbImageSharp;
using ZXing;
using ZXing.Common;

namespace WaGrpc.Testing;

/// <summary>Decodes a QR code from a PNG with a real decoder (ZXing.Net), as a phone camera would.</summary>
public static class QrDecoder
{
    public static string Decode(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        // A camera-style search first; a rendered code with its quiet zone also reads as a pure barcode.
        var result = reader.Decode(source);
        if (result is null)
        {
            reader.Options.PureBarcode = true;
            result = reader.Decode(source);
        }

        return result?.Text ?? throw new InvalidOperationException("No QR code found in the image.");
    }
}
