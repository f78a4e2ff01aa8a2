using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using WaGrpc.Core;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Messaging;

/// <summary>
/// Keeps the gateway's own fetches (a /sendFile URL) away from internal addresses (SSRF): only
/// http(s); an IP literal or localhost that is internal is refused at enqueue; every connection
/// checks the addresses the host resolves to at connect time (so DNS rebinding cannot slip past),
/// also for each redirect. Hosts in <see cref="OutboundOptions.AllowedFetchHosts"/> are exempt.
/// </summary>
public sealed class FetchGuard(IOptions<OutboundOptions> options)
{
    private readonly HashSet<string> _allowed = new(options.Value.AllowedFetchHosts.Select(h => h.Trim().TrimStart('[').TrimEnd(']')), StringComparer.OrdinalIgnoreCase);

    /// <summary>Resolves a host name (replaceable in tests); the system resolver by default.</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = (host, ct) => Dns.GetHostAddressesAsync(host, ct);

    /// <summary>Whether the host is exempt (WaGrpc:Outbound:AllowedFetchHosts).</summary>
    public bool IsAllowedHost(string host) => _allowed.Contains(host.TrimStart('[').TrimEnd(']'));

    /// <summary>
    /// What can be decided before fetching: the scheme, and a host that is an internal IP literal
    /// or localhost. Throws <see cref="ValidationException"/> (field <paramref name="field"/>) with the reason.
    /// </summary>
    public void CheckUrl(Uri url, string field)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ValidationException(field, $"{field} must be an http(s) URL, not {url.Scheme}:");
        }

        var host = url.IdnHost;
        if (IsAllowedHost(host))
        {
            return;
        }

        var internalHost = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var address) && FetchAddressPolicy.IsInternal(address));
        if (internalHost)
        {
            throw new ValidationException(field, Denied(host));
        }
    }

    /// <summary>A handler for the fetching HttpClient: redirects are not followed by it (the fetcher checks each), connections go through <see cref="ConnectAsync"/>.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    /// <summary>Resolves the host, keeps only public addresses (unless the host is allowed) and connects to the first that answers.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var literal) ? [literal] : await Resolve(host, cancellationToken);
        var usable = IsAllowedHost(host) ? addresses : addresses.Where(a => !FetchAddressPolicy.IsInternal(a)).ToArray();
        if (usable.Length == 0)
        {
            throw new FetchDeniedException(addresses.Length == 0 ? $"{host} has no address." : Denied(host, addresses[0]));
        }

        Exception? last = null;
        foreach (var address in usable)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }

        throw last!;
    }

    private static string Denied(string host, IPAddress? address = null) =>
        $"Fetching from {host}{(address is null ? "" : $" ({address})")} is not allowed: it is an internal address (loopback, private, link-local, " +
        "metadata, multicast or reserved). Add the host to WaGrpc:Outbound:AllowedFetchHosts to allow it.";
}
