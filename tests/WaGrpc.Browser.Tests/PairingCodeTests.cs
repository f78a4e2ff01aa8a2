using System.Net;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;

namespace WaGrpc.Browser.Tests;

/// <summary>
/// Linking with a phone number instead of the QR code, end to end: the gateway asks the page
/// (WPP.conn.genLinkDeviceCodeForPhoneNumber on the stand-in), the sandbox phone types the code.
/// </summary>
public sealed class PairingCodeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PairingCode_FromRest_TypedOnThePhone_Links(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.WaitForStatusAsync("got qr code");

        var (response, json) = await live.Host.PostAsync("/pairingCode", new { phone = "15550000001" });
        var code = (string)json!["code"]!;
        var (linkResponse, _) = await live.Host.PostAsync("/sandbox/api/link", new { code = code[..4] + "-" + code[4..] });
        await live.WaitForStatusAsync("authenticated");
        var (again, refused) = await live.Host.PostAsync("/pairingCode", new { phone = "15550000001" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[1-9A-Z]{8}$", code);
        Assert.Equal(HttpStatusCode.OK, linkResponse.StatusCode);
        Assert.True((bool)(await live.GetAsync("/sandbox/api/state"))["linked"]!);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("waits for a login", JsonAssert.IsLegacyError(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairingCode_FromGrpc_Links_AndACodeForAnotherNumberDoesNot()
    {
        await using var live = await LiveGateway.StartAsync();
        await live.WaitForStatusAsync("got qr code");

        var other = await live.Host.Session().RequestPairingCodeAsync(new RequestPairingCodeRequest { Phone = "17472822486" }).ResponseAsync.DefaultTimeout();
        var (wrongNumber, error) = await live.Host.PostAsync("/sandbox/api/link", new { code = other.Code });
        var mine = await live.Host.Session().RequestPairingCodeAsync(new RequestPairingCodeRequest { Phone = "15550000001" }).ResponseAsync.DefaultTimeout();
        var (linked, _) = await live.Host.PostAsync("/sandbox/api/link", new { code = mine.Code.ToLowerInvariant() });
        await live.WaitForStatusAsync("authenticated");

        Assert.Equal(HttpStatusCode.BadRequest, wrongNumber.StatusCode);
        Assert.Contains("+17472822486", JsonAssert.IsLegacyError(error), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Matches("^[1-9A-Z]{8}$", mine.Code);
    }
}
