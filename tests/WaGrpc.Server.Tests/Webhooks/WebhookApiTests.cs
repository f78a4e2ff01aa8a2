using System.Net;
using System.Text.Json;
using Grpc.Core;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Contracts.Webhooks.V1;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Webhooks;

/// <summary>
/// The webhook status, dead-letter and replay API over REST and gRPC, and its bad input. The bad
/// input shares one gateway; the tests that set a webhook have their own.
/// </summary>
public sealed class WebhookApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task WebhookStatus_Rest_AnswersSettingsBacklogAndAttempts()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.PostJsonAsync("/webhook", """{"webhookUrl": "http://127.0.0.1:9/hook"}""");
        await host.PostJsonAsync("/settings/ackNotificationsOn", """{"ackNotificationsOn": 0}""");

        var (response, json) = await host.GetJsonAsync("/webhookStatus");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = JsonAssert.HasExactKeys(json, "set", "webhookUrl", "ackNotificationsOn", "backlog", "deadLetters", "recentAttempts");
        JsonAssert.Kind(status, "set", JsonValueKind.True);
        Assert.Equal("http://127.0.0.1:9/hook", status["webhookUrl"]!.GetValue<string>());
        JsonAssert.Kind(status, "ackNotificationsOn", JsonValueKind.False);
        JsonAssert.Kind(status, "backlog", JsonValueKind.Number);
        JsonAssert.Kind(status, "deadLetters", JsonValueKind.Number);
        JsonAssert.Kind(status, "recentAttempts", JsonValueKind.Array);
    }

    [Fact]
    public async Task WebhookStatus_Grpc_IsTheTwinOfRest()
    {
        await using var host = await GatewayHost.StartAsync();
        var messaging = new MessagingService.MessagingServiceClient(host.Grpc);
        var webhooks = new WebhooksService.WebhooksServiceClient(host.Grpc);
        await messaging.SetWebhookAsync(new SetWebhookRequest { WebhookUrl = "https://example.com/hook" }).ResponseAsync.DefaultTimeout();

        var status = await webhooks.GetWebhookStatusAsync(new GetWebhookStatusRequest()).ResponseAsync.DefaultTimeout();
        var letters = await webhooks.ListDeadLettersAsync(new ListDeadLettersRequest()).ResponseAsync.DefaultTimeout();
        var replay = await webhooks.ReplayDeadLettersAsync(new ReplayDeadLettersRequest { All = true }).ResponseAsync.DefaultTimeout();

        Assert.True(status.Set);
        Assert.Equal("https://example.com/hook", status.WebhookUrl);
        Assert.Equal(0, status.Backlog);
        Assert.False(status.HasOldestWaitingTime);
        Assert.Equal(0, letters.Total);
        Assert.Equal(0, replay.Replayed);
    }

    [Theory]
    [InlineData("{}", "ids")]
    [InlineData("""{"ids": [1], "all": true}""", "ids")]
    [InlineData("""{"ids": [42]}""", "42")]
    public async Task WebhookReplay_BadInput_Answers400LegacyError(string body, string named)
    {
        var host = gateway.Host;

        var (status, json) = await host.PostRawAsync("/webhookDeadLetters/replay", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebhookReplay_UnknownIdOverGrpc_IsInvalidArgument()
    {
        var host = gateway.Host;
        var webhooks = new WebhooksService.WebhooksServiceClient(host.Grpc);

        var error = await Assert.ThrowsAsync<RpcException>(() => webhooks.ReplayDeadLettersAsync(new ReplayDeadLettersRequest { Ids = { 7 } }).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task SetWebhook_NotHttpOverGrpc_IsInvalidArgumentAndKeepsTheUrl()
    {
        await using var host = await GatewayHost.StartAsync();
        var messaging = new MessagingService.MessagingServiceClient(host.Grpc);
        await messaging.SetWebhookAsync(new SetWebhookRequest { WebhookUrl = "https://example.com/hook" }).ResponseAsync.DefaultTimeout();

        var error = await Assert.ThrowsAsync<RpcException>(() => messaging.SetWebhookAsync(new SetWebhookRequest { WebhookUrl = "file:///etc/passwd" }).ResponseAsync.DefaultTimeout());
        var stored = await messaging.GetWebhookAsync(new GetWebhookRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("https://example.com/hook", stored.WebhookUrl);
    }

    [Theory]
    [InlineData("/webhookStatus?limit=0")]
    [InlineData("/webhookStatus?limit=101")]
    [InlineData("/webhookDeadLetters?limit=0")]
    public async Task WebhookLists_BadLimit_Answers400(string path)
    {
        var host = gateway.Host;

        var (response, json) = await host.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit", JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
    }
}
