using System.Security.Cryptography;
using QRCoder;

namespace WaGrpc.Sandbox.Network;

/// <summary>One pairing reference: the QR code's text and its module matrix.</summary>
public sealed record QrRef(string Ref, string Text, IReadOnlyList<string> Matrix, int TtlMs);

/// <summary>
/// Makes pairing references the way WhatsApp Web shows them: the QR text is five comma-separated
/// fields (ref, noise public key, identity public key, ADV secret, platform).
/// </summary>
public static class QrSeries
{
    public static QrRef Create(string noiseKey, string identityKey, string advSecret, int ttlMs)
    {
        var reference = "2@" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(36));
        var text = string.Join(',', reference, noiseKey, identityKey, advSecret, "WEB");
        return new QrRef(reference, text, Matrix(text), ttlMs);
    }

    /// <summary>The QR modules as rows of '0'/'1', without the quiet zone.</summary>
    public static IReadOnlyList<string> Matrix(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        const int quiet = 4; // QRCoder's matrix includes a 4-module quiet zone on each side.
        var size = data.ModuleMatrix.Count;
        var rows = new List<string>(size - (2 * quiet));
        for (var y = quiet; y < size - quiet; y++)
        {
            var row = new char[size - (2 * quiet)];
            for (var x = quiet; x < size - quiet; x++)
            {
                row[x - quiet] = data.ModuleMatrix[y][x] ? '1' : '0';
            }

            rows.Add(new string(row));
        }

        return rows;
    }
}
