using System.Net;
using Grpc.Core;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>Request limits follow WaGrpc:Outbound:MaxFileBytes: above them a legacy 413 / RESOURCE_EXHAUSTED, nothing queued.</summary>
public sealed class RequestLimitsRestTests
{
    // MaxFileBytes 3000 → requests up to 3000 * 4 / 3 + 64 KiB = 69,536 bytes.
    private static readonly Dictionary<string, string?> SmallFiles = new() { ["WaGrpc:Outbound:MaxFileBytes"] = "3000" };
    private static readonly string Big = Convert.ToBase64String(new byte[80_000]);

    [Fact]
    public async Task SendFile_JsonBodyOverTheLimit_Answers413AndQueuesNothing()
    {
        await using var host = await GatewayHost.StartAsync(SmallFiles);

        var (response, json) = await host.PostAsync("/sendFile", new { phone = "17472822486", body = "data:image/png;base64," + Big, filename = "big.png" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxFileBytes", JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
        Assert.Equal(0, (int)(await host.GetOkJsonAsync("/showMessagesQueue"))["totalMessages"]!);
    }

    [Fact]
    public async Task SendFile_MultipartOverTheLimit_Answers413AndQueuesNothing()
    {
        await using var host = await GatewayHost.StartAsync(SmallFiles);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("17472822486"), "phone" },
            { new ByteArrayContent(new byte[120_000]), "body", "big.bin" },
        };

        using var response = await host.Rest.PostAsync(host.Url("/sendFile"), form);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the limit", JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
        Assert.Equal(0, (int)(await host.GetOkJsonAsync("/showMessagesQueue"))["totalMessages"]!);
    }

    [Fact]
    public async Task SendFile_GrpcMessageOverTheLimit_FailsAndQueuesNothing()
    {
        await using var host = await GatewayHost.StartAsync(SmallFiles);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Messaging().SendFileAsync(
            new SendFileRequest { Phone = "17472822486", Body = "data:image/png;base64," + Big, Filename = "big.png" }).ResponseAsync.DefaultTimeout());

        // The server answers RESOURCE_EXHAUSTED as soon as it reads the message's length; a client
        // still sending the rest may see the stream reset first (UNKNOWN). Either way nothing is queued.
        Assert.True(error.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unknown, error.ToString());
        Assert.Equal(0, (int)(await host.GetOkJsonAsync("/showMessagesQueue"))["totalMessages"]!);
    }

    [Fact]
    public async Task SendMessage_TextUpToWhatsAppsLimit_IsQueued_OneMoreCharacterIs400()
    {
        await using var host = await GatewayHost.StartAsync();

        var (longest, _) = await host.PostAsync("/sendMessage", new { phone = "17472822486", body = new string('a', 65_536) });
        var (tooLong, json) = await host.PostAsync("/sendMessage", new { phone = "17472822486", body = new string('a', 65_537) });

        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("65536", JsonAssert.IsLegacyError(json).Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(1, (int)(await host.GetOkJsonAsync("/showMessagesQueue"))["totalMessages"]!);
    }

    [Fact]
    public async Task SendFile_FileWithinTheLimit_IsQueued()
    {
        await using var host = await GatewayHost.StartAsync(SmallFiles);

        var (response, _) = await host.PostAsync("/sendFile", new { phone = "17472822486", body = "data:image/png;base64," + Convert.ToBase64String(new byte[2_900]), filename = "ok.png" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
