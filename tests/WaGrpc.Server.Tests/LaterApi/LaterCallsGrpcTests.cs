using Google.Rpc;
using Grpc.Core;
using WaGrpc.Contracts.Chats.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Contracts.Webhooks.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using StatusCode = Grpc.Core.StatusCode;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>The later API's instance, chats, settings and webhook-status calls over gRPC: the answers REST gives, the same validation.</summary>
public sealed class LaterCallsGrpcTests
{
    [Fact]
    public async Task SessionCalls_AnswerAsOverRest()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        var session = host.Session();

        var statuses = await session.GetInstanceStatusesAsync(new GetInstanceStatusesRequest { MinTime = 0 }).ResponseAsync.DefaultTimeout();
        var takeover = await session.TakeoverAsync(new TakeoverRequest()).ResponseAsync.DefaultTimeout();
        var retry = await session.RetryAsync(new RetryRequest()).ResponseAsync.DefaultTimeout();
        var expiry = await session.ExpiryAsync(new ExpiryRequest()).ResponseAsync.DefaultTimeout();
        var bad = await Assert.ThrowsAsync<RpcException>(() => session.GetInstanceStatusesAsync(new GetInstanceStatusesRequest { MaxTime = -5 }).ResponseAsync.DefaultTimeout());

        Assert.Equal("authenticated", statuses.Data[^1].Status);
        Assert.StartsWith("Takeover request not sent", takeover.AccountStatus, StringComparison.Ordinal);
        Assert.Equal("Retry request sent to WhatsApp", retry.AccountStatus);
        Assert.StartsWith("Expiry request not sent", expiry.AccountStatus, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("max_time", Assert.Single(bad.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public async Task ChatsCalls_CheckPhoneAndDialogs_NeedAnAuthenticatedSession()
    {
        await using var host = await GatewayHost.StartAsync();
        var chats = new ChatsService.ChatsServiceClient(host.Grpc);
        host.Engine.Chats.Add(new ChatSummary("17472822486@c.us", "Ilya", false, []));

        var early = await Assert.ThrowsAsync<RpcException>(() => chats.CheckPhoneAsync(new CheckPhoneRequest { Phone = "17472822486" }).ResponseAsync.DefaultTimeout());
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var exists = await chats.CheckPhoneAsync(new CheckPhoneRequest { Phone = "17472822486" }).ResponseAsync.DefaultTimeout();
        var dialogs = await chats.ListDialogsAsync(new ListDialogsRequest()).ResponseAsync.DefaultTimeout();
        var bad = await Assert.ThrowsAsync<RpcException>(() => chats.CheckPhoneAsync(new CheckPhoneRequest { Phone = "+1" }).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Equal("exists", exists.Result);
        Assert.Equal("Ilya", Assert.Single(dialogs.Dialogs).Name);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Fact]
    public async Task SettingsAndMessageWebhookStatus_AnswerAsOverRest()
    {
        await using var host = await GatewayHost.StartAsync();
        var messaging = host.Messaging();
        var webhooks = new WebhooksService.WebhooksServiceClient(host.Grpc);

        var updated = await messaging.UpdateSettingsAsync(new UpdateSettingsRequest { IgnoreOldMessages = true, Proxy = "socks5://127.0.0.1:1080" }).ResponseAsync.DefaultTimeout();
        var read = await messaging.GetSettingsAsync(new GetSettingsRequest()).ResponseAsync.DefaultTimeout();
        var badProxy = await Assert.ThrowsAsync<RpcException>(() => messaging.UpdateSettingsAsync(new UpdateSettingsRequest { Proxy = "socks5://a:b@127.0.0.1:1080", ChatUpdateOn = true }).ResponseAsync.DefaultTimeout());
        var status = await webhooks.GetMessageWebhookStatusAsync(new GetMessageWebhookStatusRequest { MsgId = "false_17472822486@c.us_3A01" }).ResponseAsync.DefaultTimeout();
        var badId = await Assert.ThrowsAsync<RpcException>(() => webhooks.GetMessageWebhookStatusAsync(new GetMessageWebhookStatusRequest { MsgId = "x" }).ResponseAsync.DefaultTimeout());

        Assert.True(updated.Update.IgnoreOldMessages);
        Assert.False(updated.Update.HasAckNotificationsOn);
        Assert.Equal(("socks5://127.0.0.1:1080", true, false), (read.Proxy, read.IgnoreOldMessages, read.ChatUpdateOn));
        Assert.Equal("proxy", Assert.Single(badProxy.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal(("not sent", 0L), (status.Status, status.Time));
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
    }
}
