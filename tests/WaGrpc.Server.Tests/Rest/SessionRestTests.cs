using System.Net;
using System.Text.Json;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;

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

    [Fact]
    public async Task Status_Authenticated_AnswersWithoutQrCode()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);

        var (response, json) = await host.GetJsonAsync("/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.HasExactKeys(json, "accountStatus");
        Assert.Equal("authenticated", json!["accountStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_WithDetails_AnswersLegacyStatusData()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.Events.StatusChangedAsync(
            new EngineStatus(AccountStatus.Loading, Details: new StatusDetails("phone", "Phone not connected", "Make sure your phone has an active internet connection", "", ["takeover"], "offline")),
            CancellationToken.None);

        var (_, json) = await host.GetJsonAsync("/status");

        JsonAssert.HasExactKeys(json, "accountStatus", "statusData");
        var data = JsonAssert.HasExactKeys(json!["statusData"], "substatus", "title", "msg", "submsg", "actions", "reason");
        Assert.Equal("phone", data["substatus"]!.GetValue<string>());
        Assert.Equal("Phone not connected", data["title"]!.GetValue<string>());
        Assert.Equal("offline", data["reason"]!.GetValue<string>());
        Assert.Equal("[\"takeover\"]", data["actions"]!.ToJsonString());
    }

    [Fact]
    public async Task QrCode_WithQrCode_AnswersPngImage()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");

        using var response = await host.Rest.GetAsync(host.Url("/qr_code")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.True(png.Length > 100, $"only {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var (_, status) = await host.GetJsonAsync("/status");
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), status!["qrCode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(AccountStatus.Loading)]
    [InlineData(AccountStatus.Authenticated)]
    public async Task QrCode_WithoutQrCode_Answers400LegacyError(AccountStatus status)
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: status);

        var (response, json) = await host.GetJsonAsync("/qr_code");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("QR", JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_Post_AnswersLegacyResultAndCallsEngine()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (response, json) = await host.PostJsonAsync("/logout", "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.HasExactKeys(json, "result");
        Assert.Equal("Logout request sent to WhatsApp", json!["result"]!.GetValue<string>());
        Assert.Equal(1, host.Engine.LogoutCalls);
        Assert.Equal(0, host.Engine.RebootCalls);
    }

    [Fact]
    public async Task Reboot_Post_AnswersSuccessAndCallsEngine()
    {
        await using var host = await GatewayHost.StartAsync();

        var (response, json) = await host.PostJsonAsync("/reboot", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.HasExactKeys(json, "success");
        JsonAssert.Kind(json, "success", JsonValueKind.True);
        Assert.Equal(1, host.Engine.RebootCalls);
        Assert.Equal(0, host.Engine.LogoutCalls);
    }

    [Fact]
    public async Task StatusWatch_Rest_StreamsCurrentStatusThenChanges()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var stream = await host.OpenStreamAsync("/status/watch");

        var first = await stream.NextAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");
        var second = await stream.NextAsync();

        JsonAssert.HasExactKeys(first, "accountStatus", "time");
        JsonAssert.Kind(first, "time", JsonValueKind.Number);
        Assert.Equal("loading", first["accountStatus"]!.GetValue<string>());
        JsonAssert.HasExactKeys(second, "accountStatus", "qrCode", "time");
        JsonAssert.Kind(second, "time", JsonValueKind.Number);
        Assert.Equal("got qr code", second["accountStatus"]!.GetValue<string>());
        Assert.StartsWith("data:image/png;base64,", second["qrCode"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
