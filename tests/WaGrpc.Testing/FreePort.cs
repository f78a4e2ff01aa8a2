using System.Net;
using System.Net.Sockets;

namespace WaGrpc.Testing;

/// <summary>A loopback TCP port free right now, for a gateway that must come back on the same port.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
