using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// The addresses the two Kestrel endpoints ("Rest", HTTP/1.1, and "Grpc", HTTP/2 cleartext)
/// actually listen on, known once the server has started (port 0 is resolved).
/// </summary>
public sealed class ListeningEndpoints
{
    internal ListenOptions? Rest { get; set; }

    internal ListenOptions? Grpc { get; set; }

    /// <summary>The REST endpoint's base address, e.g. http://127.0.0.1:5080.</summary>
    public Uri RestUri => ToUri(Rest, "Rest");

    /// <summary>The gRPC endpoint's base address, e.g. http://127.0.0.1:5081.</summary>
    public Uri GrpcUri => ToUri(Grpc, "Grpc");

    private static Uri ToUri(ListenOptions? options, string name)
    {
        if (options?.EndPoint is not IPEndPoint endPoint)
        {
            throw new InvalidOperationException($"The Kestrel endpoint '{name}' is not configured (Kestrel:Endpoints:{name}:Url).");
        }

        var host = endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : endPoint.Address.ToString();
        return new Uri($"http://{(host.Contains(':') ? $"[{host}]" : host)}:{endPoint.Port}");
    }
}
