using System.Net;
using Grpc.Core;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>POST /pairingCode and SessionService.RequestPairingCode against the test engine: validation and state.</summary>
public sealed class PairingCodeRestTests
{
    [Fact]
    public async Task PairingCode_WhileAQrIsShown_AnswersTheEngineCode()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");

        var (response, json) = await host.PostAsync("/pairingCode", new { phone = 15550000001 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.HasExactKeys(json, "code");
        Assert.Matches("^[1-9A-Z]{8}$", (string)json!["code"]!);
        Assert.Equal(["15550000001"], host.Engine.PairingPhones.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("+1555")]
    [InlineData("abc")]
    public async Task PairingCode_BadPhone_Answers400AndAsksNothing(string phone)
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");

        var (response, json) = await host.PostAsync("/pairingCode", new { phone });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("phone", JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
        Assert.Empty(host.Engine.PairingPhones);
    }

    [Theory]
    [InlineData(AccountStatus.Loading)]
    [InlineData(AccountStatus.Authenticated)]
    public async Task PairingCode_NotWaitingForALogin_Answers400AndFailedPrecondition(AccountStatus status)
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: status);

        var (response, json) = await host.PostAsync("/pairingCode", new { phone = "15550000001" });
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Session().RequestPairingCodeAsync(new RequestPairingCodeRequest { Phone = "15550000001" }).ResponseAsync.DefaultTimeout());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("waits for a login", JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Empty(host.Engine.PairingPhones);
    }
}
