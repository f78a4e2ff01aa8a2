using System.Net;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Tests.Observability;
using WaGrpc.Storage;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing.Webhooks;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>Instances in one process keep apart: tokens, data, queues, events, webhooks.</summary>
[Collection(MetersAlone.Name)]
public sealed class InstanceIsolationTests
{
    [Fact]
    public async Task Tokens_ReachOnlyTheirOwnInstance_OnRestAndGrpc()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        var admin = new AdminClient(host);
        using var a = await admin.CreateOkAsync("alpha");
        using var b = await admin.CreateOkAsync("beta");

        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/status")).Response.StatusCode);
        using var wrongOnB = new InstanceClient(host, b.Id, a.Token);
        var (refused, json) = await wrongOnB.GetAsync("/status");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Wrong token.", (string)json!["error"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await new InstanceClient(host, a.Id, GatewayHost.Token).GetAsync("/status")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Rest.GetAsync("/status?token=" + a.Token)).StatusCode);

        // gRPC: the instance named in x-wagrpc-instance, with its token only.
        var status = await new SessionService.SessionServiceClient(a.Grpc).GetStatusAsync(new GetStatusRequest());
        Assert.Equal("authenticated", status.AccountStatus);
        using var crossed = InstanceClient.Channel(host, b.Id, a.Token);
        var error = await Assert.ThrowsAsync<RpcException>(() => new SessionService.SessionServiceClient(crossed).GetStatusAsync(new GetStatusRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        using var unknown = InstanceClient.Channel(host, "gamma", a.Token);
        var missing = await Assert.ThrowsAsync<RpcException>(() => new SessionService.SessionServiceClient(unknown).GetStatusAsync(new GetStatusRequest()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Prefixes_DefaultIdReachesTheDefault_UnknownIs404_LegacyPathsStay()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        Assert.Equal(HttpStatusCode.OK, (await host.Rest.GetAsync($"/instance1/status?token={GatewayHost.Token}")).StatusCode);
        var unknown = await host.Rest.GetAsync($"/instance42/status?token={GatewayHost.Token}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No instance 42.", (string)(await InstanceClient.ReadAsync(unknown))!["error"]!);
        Assert.Equal(HttpStatusCode.OK, (await host.Rest.GetAsync($"/instanceStatuses?token={GatewayHost.Token}")).StatusCode);
    }

    [Fact]
    public async Task SendsQueuesMessagesAndEvents_StayInTheirInstance()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        var admin = new AdminClient(host);
        using var a = await admin.CreateOkAsync("alpha");
        using var b = await admin.CreateOkAsync("beta");

        var sent = await a.PostOkAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = "from alpha" });
        Assert.True((bool)sent["sent"]!);
        var outbound = await host.Engines[a.Id].NextSendAsync();
        Assert.Equal("from alpha", outbound.Body);
        await host.Engines[b.Id].EmitAsync(GrpcTestKit.Incoming("BETA1", "to beta"));

        // Each store has its own: A's sent message, B's incoming one, nothing of the other.
        await TaskTimeoutExtensions.WaitUntilAsync(async () => ((System.Text.Json.Nodes.JsonArray)(await a.GetOkAsync("/messages"))["messages"]!).Count == 1, () => "alpha's message");
        var aMessages = (System.Text.Json.Nodes.JsonArray)(await a.GetOkAsync("/messages"))["messages"]!;
        Assert.Equal("from alpha", (string)aMessages.Single()!["body"]!);
        var bMessages = (System.Text.Json.Nodes.JsonArray)(await b.GetOkAsync("/messages"))["messages"]!;
        Assert.Equal("to beta", (string)bMessages.Single()!["body"]!);
        Assert.Empty((System.Text.Json.Nodes.JsonArray)(await host.GetOkJsonAsync("/messages"))["messages"]!);
        Assert.Empty(host.Engine.Sent);
        Assert.Empty(host.Engines[b.Id].Sent);
        Assert.Equal(0, host.ServicesOf(b.Id).GetRequiredService<OutboundQueue>().CountUnsent());
        Assert.Equal(0, (int)(await b.GetOkAsync("/showMessagesQueue"))["totalMessages"]!);

        // Each event stream replays its own log only (both start at cursor 1).
        using var stream = EventStream.Open(new EventsService.EventsServiceClient(b.Grpc), new StreamEventsRequest { AfterCursor = 0 });
        var events = await stream.ReadUntilAsync(e => e.Message?.Body == "to beta");
        Assert.DoesNotContain(events, e => e.Message?.Body == "from alpha");
        Assert.Equal(1, events[0].Cursor);
    }

    [Fact]
    public async Task Webhooks_GoToEachInstancesOwnUrl_WithItsId()
    {
        await using var receiverA = await WebhookReceiver.StartAsync();
        await using var receiverB = await WebhookReceiver.StartAsync();
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        var admin = new AdminClient(host);
        using var a = await admin.CreateOkAsync("alpha");
        using var b = await admin.CreateOkAsync("beta");
        await a.PostOkAsync("/webhook", new { webhookUrl = receiverA.Url });
        await b.PostOkAsync("/webhook", new { webhookUrl = receiverB.Url });

        await host.Engines[a.Id].EmitAsync(GrpcTestKit.Incoming("A1", "for alpha"));
        await host.Engines[b.Id].EmitAsync(GrpcTestKit.Incoming("B1", "for beta"));

        var toA = (await receiverA.NextAsync()).Json;
        Assert.Equal("alpha", (string)toA["instanceId"]!);
        Assert.Equal("for alpha", (string)toA["messages"]![0]!["body"]!);
        var toB = (await receiverB.NextAsync()).Json;
        Assert.Equal("beta", (string)toB["instanceId"]!);
        Assert.Equal("for beta", (string)toB["messages"]![0]!["body"]!);
        Assert.Single(receiverA.Received);
        Assert.Single(receiverB.Received);
    }

    [Fact]
    public async Task AFailingWebhook_OfOneInstance_HoldsUpNoOther()
    {
        await using var failing = await WebhookReceiver.StartAsync();
        failing.StatusFor = _ => 500;
        await using var working = await WebhookReceiver.StartAsync();
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        var admin = new AdminClient(host);
        using var a = await admin.CreateOkAsync("alpha");
        using var b = await admin.CreateOkAsync("beta");
        await a.PostOkAsync("/webhook", new { webhookUrl = failing.Url });
        await b.PostOkAsync("/webhook", new { webhookUrl = working.Url });

        await host.Engines[a.Id].EmitAsync(GrpcTestKit.Incoming("A1", "stuck at alpha"));
        Assert.Equal(500, (await failing.NextAsync()).AnsweredStatus);
        for (var i = 1; i <= 3; i++)
        {
            await host.Engines[b.Id].EmitAsync(GrpcTestKit.Incoming($"B{i}", $"beta {i}"));
        }

        var delivered = new List<string>();
        while (delivered.Count < 3)
        {
            delivered.AddRange(((System.Text.Json.Nodes.JsonArray)(await working.NextAsync()).Json["messages"]!).Select(m => (string)m!["body"]!));
        }

        Assert.Equal(["beta 1", "beta 2", "beta 3"], delivered);
        Assert.Equal(1, (int)(await a.GetOkAsync("/webhookStatus"))["backlog"]!);
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (int)(await b.GetOkAsync("/webhookStatus"))["backlog"]! == 0, () => "beta's backlog delivered");
    }

    [Fact]
    public async Task Metrics_LabelEveryInstance_AndAreForTheDefaultTokenOnly()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        using var a = await new AdminClient(host).CreateOkAsync("alpha");
        var scrape = await host.Rest.GetStringAsync("/metrics?token=" + GatewayHost.Token);
        Assert.Contains("instance=\"alpha\"", scrape, StringComparison.Ordinal);
        Assert.Contains("instance=\"1\"", scrape, StringComparison.Ordinal);

        var (forbidden, json) = await a.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.NotNull(json?["error"]);
    }
}
