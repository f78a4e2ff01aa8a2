using System.Net;
using System.Text.Json;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Tests.Infrastructure;

namespace WaGrpc.Server.Tests.Rest;

public sealed class SessionRestTests
{
    [Fact]
    public async Task Status_WhileLoading_AnswersLegacyShapeWithoutQrCode()
    {
        await using var host = await GatewayHost.StartAsync();

        var (response, json) = await host.GetJsonAsync("/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.HasExactKeys(json, "accountStatus");
        Assert.Equal("loading", json!["accountStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_WithQrCode_AnswersPngDataUri()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");

        var (_, json) = await host.GetJsonAsync("/status");

        JsonAssert.HasExactKeys(json, "accountStatus", "qrCode");
        JsonAssert.Kind(json, "qrCode", JsonValueKind.String);
        Assert.Equal("got qr code", json!["accountStatus"]!.GetValue<string>());
        var qr = json["qrCode"]!.GetValue<string>();
        Assert.StartsWith("data:image/png;base64,", qr, StringComparison.Ordinal);
        var png = Convert.FromBase64String(qr["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }
}
