using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WaGrpc.Core;

namespace WaGrpc.Sandbox.Network;

// Linking a page: by its QR code (the phone scans it) or by a pairing code (the page asked for
// one for a phone number; the phone types it).
public sealed partial class SandboxNetwork
{
    private const string PairingAlphabet = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

    /// <summary>The text of the QR code a page shows now, or null.</summary>
    public string? CurrentQr()
    {
        lock (_pages)
        {
            return _connections.Select(c => c.CurrentRef).LastOrDefault(r => r is not null)?.Text;
        }
    }

    /// <summary>Whether a device is linked.</summary>
    public bool Linked => Device() is not null;

    /// <summary>
    /// Links the page that shows <paramref name="qrText"/> now (the phone scanned it). The text may
    /// leave out the last field (the platform), as wa-js and Baileys build it. Throws
    /// <see cref="ValidationException"/> when the code is stale or unknown.
    /// </summary>
    public void Link(string qrText)
    {
        qrText = qrText.Trim();
        PageConnection? page;
        lock (_pages)
        {
            page = _connections.LastOrDefault(c => c.CurrentRef is { } r && QrMatches(r, qrText));
            if (page is null)
            {
                var stale = _connections.Any(c => c.IssuedRefs.Any(r => QrMatches(r, qrText) || r.Ref == qrText.Split(',')[0]));
                throw new ValidationException("qr", stale
                    ? "This QR code is stale: scan the one the page shows now."
                    : "Unknown QR code: it is not shown by any WhatsApp Web page of this sandbox.");
            }
        }

        LinkPage(page);
    }

    /// <summary>
    /// Links the page that asked for this pairing code (the phone typed it). Throws
    /// <see cref="ValidationException"/> when no page waits for it, or it was asked for another number.
    /// </summary>
    public void LinkWithCode(string code)
    {
        var typed = NormalizeCode(code);
        PageConnection? page;
        lock (_pages)
        {
            page = _connections.LastOrDefault(c => c.PairingCode == typed && !c.HasValidCreds);
        }

        if (page is null)
        {
            throw new ValidationException("code", $"No WhatsApp Web page of this sandbox waits for the pairing code {code}.");
        }

        if (page.PairingPhone != Phone)
        {
            throw new ValidationException("code", $"The pairing code was asked for +{page.PairingPhone}, not for this phone (+{Phone}).");
        }

        LinkPage(page);
    }

    /// <summary>A page asks for a pairing code for a phone number (WhatsApp's "link with phone number").</summary>
    private void OnLinkCode(PageConnection page, JsonObject frame)
    {
        var phone = new string(((string?)frame["phone"] ?? "").Where(char.IsAsciiDigit).ToArray());
        if (phone.Length is < 7 or > 15)
        {
            Fail(page, frame, $"'{frame["phone"]}' is not a phone number");
            return;
        }

        if (IsUnknown(phone))
        {
            Fail(page, frame, $"+{phone} is not on WhatsApp");
            return;
        }

        var code = new string([.. Enumerable.Range(0, 8).Select(_ => PairingAlphabet[RandomNumberGenerator.GetInt32(PairingAlphabet.Length)])]);
        page.PairingCode = code;
        page.PairingPhone = phone;
        Reply(page, frame, new JsonObject { ["code"] = code });
    }

    private static string NormalizeCode(string code) =>
        new([.. code.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant)]);

    private static bool QrMatches(QrRef qr, string text) =>
        qr.Text == text || (text.Split(',').Length == 4 && qr.Text.StartsWith(text + ",", StringComparison.Ordinal));

    private void LinkPage(PageConnection page)
    {
        if (Linked)
        {
            // One linked device per account: linking again replaces it (the old one is logged out).
            Unlink("replaced by a new device");
        }

        var device = new LinkedDevice
        {
            Wid = AccountWid,
            DeviceId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            Token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            IdentityKey = page.IdentityKey,
            LinkedAt = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        lock (_store.Gate)
        {
            _store.Devices.Upsert(device);
        }

        page.StopQrSeries();
        page.PairingCode = null;
        page.HasValidCreds = true;
        page.DeviceId = device.DeviceId;
        page.Send(new JsonObject
        {
            ["type"] = "paired",
            ["creds"] = new JsonObject { ["wid"] = device.Wid, ["lid"] = AccountLid, ["deviceId"] = device.DeviceId, ["token"] = device.Token },
            ["pushname"] = _options.PushName,
        });
        Activate(page);
        LogLinked(device.DeviceId);
    }
}
