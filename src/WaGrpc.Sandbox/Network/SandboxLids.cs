using System.Globalization;
using System.Numerics;

namespace WaGrpc.Sandbox.Network;

/// <summary>
/// Linked ids (LIDs) of the simulated network: every account has one beside its phone number, as
/// on WhatsApp. A sandbox LID is a fixed, reversible scramble of the phone number, so the network
/// maps both ways without storing anything, and a LID does not show the number.
/// </summary>
public static class SandboxLids
{
    private static readonly BigInteger Modulus = BigInteger.Pow(10, 15);
    private static readonly BigInteger Factor = 1_000_003;
    private static readonly BigInteger Offset = 104_729_000_000_017;

    // Factor is coprime with 10^15, so it has an inverse: Factor^(phi(10^15) - 1), phi = 4 * 10^14.
    private static readonly BigInteger Inverse = BigInteger.ModPow(Factor, (4 * BigInteger.Pow(10, 14)) - 1, Modulus);

    /// <summary>The LID user of a phone number (digits).</summary>
    public static string LidOf(string phone) =>
        (((BigInteger.Parse(phone, CultureInfo.InvariantCulture) * Factor) + Offset) % Modulus).ToString(CultureInfo.InvariantCulture);

    /// <summary>The phone number (digits) of a LID user, or null when it is not one of ours.</summary>
    public static string? PhoneOf(string lid)
    {
        if (lid.Length == 0 || !lid.All(char.IsAsciiDigit))
        {
            return null;
        }

        var phone = ((((BigInteger.Parse(lid, CultureInfo.InvariantCulture) - Offset) % Modulus) + Modulus) % Modulus * Inverse) % Modulus;
        var digits = phone.ToString(CultureInfo.InvariantCulture);
        return digits.Length is >= 7 and <= 15 ? digits : null;
    }
}
