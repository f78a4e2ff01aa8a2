using System.Net;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Messaging;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Messaging;

/// <summary>The gateway's own fetches (/sendFile URLs) stay away from internal addresses (SSRF).</summary>
public sealed class FetchGuardTests
{
    private static readonly byte[] Photo = [0x89, 0x50, 0x4E, 0x47, 9, 8, 7];

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    public void IsInternal_InternalAddresses_AreInternal(string address) =>
        Assert.True(FetchAddressPolicy.IsInternal(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsInternal_PublicAddresses_AreNot(string address) =>
        Assert.False(FetchAddressPolicy.IsInternal(IPAddress.Parse(address)), address);

    [Fact]
    public async Task Fetch_InternalLiteral_IsRefusedWithoutAnyRequest()
    {
        await using var files = await FileServer.StartAsync(new Dictionary<string, (string, byte[])> { ["/p.png"] = ("image/png", Photo) });

        var error = await Assert.ThrowsAsync<EngineException>(() => Fetcher(Guard()).FetchAsync(new Uri(files.BaseUri, "/p.png"), "p.png", CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, files.Requests);
    }

    [Fact]
    public async Task Fetch_NameResolvingToLoopback_IsRefusedAtConnect()
    {
        await using var files = await FileServer.StartAsync(new Dictionary<string, (string, byte[])> { ["/p.png"] = ("image/png", Photo) });
        var guard = Guard(resolve: _ => [IPAddress.Loopback]);
        var url = new Uri($"http://files.example:{files.BaseUri.Port}/p.png");

        var error = await Assert.ThrowsAsync<EngineException>(() => Fetcher(guard).FetchAsync(url, "p.png", CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("files.example (127.0.0.1) is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, files.Requests);
    }

    [Fact]
    public async Task Fetch_RedirectToAnInternalHost_IsRefused()
    {
        await using var target = await FileServer.StartAsync(new Dictionary<string, (string, byte[])> { ["/p.png"] = ("image/png", Photo) });
        await using var files = await FileServer.StartAsync(
            new Dictionary<string, (string, byte[])>(),
            new Dictionary<string, string> { ["/moved"] = $"http://localhost:{target.BaseUri.Port}/p.png" });

        var error = await Assert.ThrowsAsync<EngineException>(() => Fetcher(Guard("127.0.0.1")).FetchAsync(new Uri(files.BaseUri, "/moved"), "p.png", CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("localhost", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, files.Requests);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task Fetch_AllowedHost_IsFetched_AlsoAfterARedirect()
    {
        await using var files = await FileServer.StartAsync(
            new Dictionary<string, (string, byte[])> { ["/p.png"] = ("image/png", Photo) },
            new Dictionary<string, string> { ["/moved"] = "/p.png" });

        var file = await Fetcher(Guard("127.0.0.1")).FetchAsync(new Uri(files.BaseUri, "/moved"), "p.png", CancellationToken.None);

        Assert.Equal(Photo, file.Content.ToArray());
        Assert.Equal("image/png", file.MimeType);
    }

    private static FetchGuard Guard(string? allowed = null, Func<string, IPAddress[]>? resolve = null)
    {
        var options = Options.Create(new OutboundOptions { AllowedFetchHosts = allowed is null ? [] : [allowed] });
        return resolve is null ? new FetchGuard(options) : new FetchGuard(options) { Resolve = (host, _) => Task.FromResult(resolve(host)) };
    }

    private static FileFetcher Fetcher(FetchGuard guard) =>
        new(new HttpClient(guard.CreateHandler()), guard, Options.Create(new OutboundOptions()));
}
