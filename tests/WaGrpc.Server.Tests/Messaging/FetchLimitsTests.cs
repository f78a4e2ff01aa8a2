using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Messaging;

namespace WaGrpc.Server.Tests.Messaging;

/// <summary>
/// URLs the gateway fetches that never answer or never end (issue 10, item 6): the download stops
/// at its time or size limit and the queue item fails with the reason. Raw sockets on loopback,
/// which the allow-list lets through for these tests only.
/// </summary>
public sealed class FetchLimitsTests
{
    [Fact]
    public async Task ServerThatNeverAnswers_FailsAtTheDownloadTimeout()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var accepted = server.AcceptSocketAsync();

        var error = await Assert.ThrowsAsync<EngineException>(() => Fetcher(timeoutSeconds: 3).FetchAsync(Url(server), "a.png", CancellationToken.None));

        Assert.Contains("took longer than 3 s", error.Message, StringComparison.Ordinal);
        (await accepted).Dispose();
    }

    [Fact]
    public async Task EndlessBody_StopsAtMaxFileBytes_AndFailsForGood()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeEndlessAsync(server, stop.Token);

        var error = await Assert.ThrowsAsync<EngineException>(() => Fetcher(timeoutSeconds: 60, maxBytes: 100_000).FetchAsync(Url(server), "a.png", CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("larger than the limit of 100000 bytes", error.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await serving;
    }

    // Chunked, with no end: 8 KiB after 8 KiB until the client goes away.
    private static async Task ServeEndlessAsync(TcpListener server, CancellationToken stop)
    {
        using var socket = await server.AcceptSocketAsync(stop);
        await using var stream = new NetworkStream(socket);
        var chunk = Encoding.ASCII.GetBytes("2000\r\n" + new string('x', 0x2000) + "\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n"), stop);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await stream.WriteAsync(chunk, stop);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // The client stopped reading.
        }
    }

    private static Uri Url(TcpListener server) => new($"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/a.png");

    private static FileFetcher Fetcher(int timeoutSeconds, long maxBytes = 64L * 1024 * 1024)
    {
        var options = Options.Create(new OutboundOptions { AllowedFetchHosts = ["127.0.0.1"], DownloadTimeout = TimeSpan.FromSeconds(timeoutSeconds), MaxFileBytes = maxBytes });
        var guard = new FetchGuard(options);
        return new FileFetcher(new HttpClient(guard.CreateHandler()), guard, options);
    }
}
