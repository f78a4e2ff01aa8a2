using System.Net;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>
/// /sendFile URLs that lead inside (SSRF) are refused at enqueue with a legacy error; nothing is queued.
/// The refusals share one gateway; the allowed host has its own (another configuration, a queued item).
/// </summary>
public sealed class SsrfRestTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:1/x")]
    [InlineData("http://[::1]/x")]
    [InlineData("http://10.0.0.1/x")]
    [InlineData("http://192.168.0.10/x")]
    [InlineData("http://100.64.1.1/x")]
    [InlineData("http://[::ffff:127.0.0.1]/x")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://localhost:8080/x")]
    [InlineData("https://admin.localhost/x")]
    [InlineData("http://0.0.0.0/x")]
    public async Task SendFile_UrlToAnInternalAddress_Answers400AndQueuesNothing(string url)
    {
        var host = gateway.Host;

        var (response, json) = await host.PostAsync("/sendFile", new { phone = "17472822486", body = url, filename = "x.png" });
        var queue = await host.GetOkJsonAsync("/showMessagesQueue");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not allowed", JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
        Assert.Equal(0, (int)queue["totalMessages"]!);
    }

    [Fact]
    public async Task SendFile_UrlToAnAllowedInternalHost_IsQueued()
    {
        // Not logged in: the item stays queued and nothing is ever sent to that private address.
        await using var host = await GatewayHost.StartAsync(new() { ["WaGrpc:Outbound:AllowedFetchHosts:0"] = "10.0.0.1" }, AccountStatus.Loading, browserEngine: false);

        var (response, _) = await host.PostAsync("/sendFile", new { phone = "17472822486", body = "http://10.0.0.1/x.png", filename = "x.png" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)(await host.GetOkJsonAsync("/showMessagesQueue"))["totalMessages"]!);
    }
}
