using System.Net;
using System.Net.Sockets;

namespace WaGrpc.Server.Messaging;

/// <summary>
/// Which addresses the gateway may fetch from on a client's behalf (a /sendFile URL): public
/// unicast only. Loopback, private, link-local (the cloud metadata address 169.254.169.254
/// among them), shared (CGNAT), multicast, unspecified, reserved and benchmarking ranges are
/// internal, in IPv4, IPv6 and IPv4 wrapped in IPv6 (mapped, compatible, NAT64).
/// </summary>
public static class FetchAddressPolicy
{
    private static readonly (IPAddress Network, int Prefix)[] InternalV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8), // "this network"
        (IPAddress.Parse("10.0.0.0"), 8), // private
        (IPAddress.Parse("100.64.0.0"), 10), // shared address space (CGNAT)
        (IPAddress.Parse("127.0.0.0"), 8), // loopback
        (IPAddress.Parse("169.254.0.0"), 16), // link-local, cloud metadata
        (IPAddress.Parse("172.16.0.0"), 12), // private
        (IPAddress.Parse("192.0.0.0"), 24), // IETF protocol assignments
        (IPAddress.Parse("192.0.2.0"), 24), // documentation
        (IPAddress.Parse("192.88.99.0"), 24), // 6to4 relay anycast
        (IPAddress.Parse("192.168.0.0"), 16), // private
        (IPAddress.Parse("198.18.0.0"), 15), // benchmarking
        (IPAddress.Parse("198.51.100.0"), 24), // documentation
        (IPAddress.Parse("203.0.113.0"), 24), // documentation
        (IPAddress.Parse("224.0.0.0"), 4), // multicast
        (IPAddress.Parse("240.0.0.0"), 4), // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Prefix)[] InternalV6 =
    [
        (IPAddress.Parse("::"), 128), // unspecified
        (IPAddress.Parse("::1"), 128), // loopback
        (IPAddress.Parse("100::"), 64), // discard
        (IPAddress.Parse("2001:db8::"), 32), // documentation
        (IPAddress.Parse("fc00::"), 7), // unique local (private; fd00:ec2::254 is a metadata address)
        (IPAddress.Parse("fe80::"), 10), // link-local
        (IPAddress.Parse("fec0::"), 10), // site-local (deprecated)
        (IPAddress.Parse("ff00::"), 8), // multicast
    ];

    /// <summary>True when <paramref name="address"/> is not a public unicast address.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return IsInternal(address.MapToIPv4());
            }

            var bytes = address.GetAddressBytes();
            // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address at the end.
            if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 || bytes.AsSpan(0, 12).SequenceEqual(Nat64Prefix))
            {
                return IsInternal(new IPAddress(bytes.AsSpan(12, 4)));
            }

            return InternalV6.Any(range => InRange(bytes, range.Network.GetAddressBytes(), range.Prefix));
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return InternalV4.Any(range => InRange(bytes, range.Network.GetAddressBytes(), range.Prefix));
        }

        return true;
    }

    private static readonly byte[] Nat64Prefix = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    private static bool InRange(byte[] address, byte[] network, int prefix)
    {
        var whole = prefix / 8;
        if (!address.AsSpan(0, whole).SequenceEqual(network.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (network[whole] & mask);
    }
}
