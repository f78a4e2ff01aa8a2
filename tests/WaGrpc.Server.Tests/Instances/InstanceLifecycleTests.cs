using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Instances;
using WaGrpc.Server.Tests.Observability;
using WaGrpc.Storage;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>Instances start with the gateway from what is stored; one failing or deleted stops no other.</summary>
[Collection(MetersAlone.Name)]
public sealed class InstanceLifecycleTests
{
    [Fact]
    public async Task Restart_BringsEveryInstanceBack_WithItsTokenAndData()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        var admin = new AdminClient(host);
        using var a = await admin.CreateOkAsync("alpha");
        using var b = await admin.CreateOkAsync();
        await a.PostOkAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = "kept" });
        await host.Engines[a.Id].NextSendAsync();

        await host.RestartAsync(AccountStatus.Authenticated);

        var listed = await admin.ListOkAsync();
        // The default first, then by id (ordinal): the generated id may sort before "alpha".
        Assert.Equal(["1", .. new[] { "alpha", b.Id }.Order(StringComparer.Ordinal)], listed.Keys);
        Assert.All(listed.Values, i => Assert.Equal("running", (string)i["state"]!));
        using var again = new InstanceClient(host, a.Id, a.Token);
        var messages = (System.Text.Json.Nodes.JsonArray)(await again.GetOkAsync("/messages"))["messages"]!;
        Assert.Equal("kept", (string)messages.Single()!["body"]!);
        Assert.Equal(HttpStatusCode.OK, (await new InstanceClient(host, b.Id, b.Token).GetAsync("/status")).Response.StatusCode);
    }

    [Fact]
    public async Task ACorruptStore_FailsThatInstanceOnly()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        var admin = new AdminClient(host);
        using var broken = await admin.CreateOkAsync("broken");
        using var healthy = await admin.CreateOkAsync("healthy");

        await host.RestartAsync(AccountStatus.Authenticated, whileStopped: () =>
        {
            var file = Path.Combine(host.DataDir, "instances", "broken", "wagrpc.db");
            var garbage = new byte[64 * 1024];
            new Random(7).NextBytes(garbage);
            File.WriteAllBytes(file, garbage);
        });

        var listed = await admin.ListOkAsync();
        Assert.Equal("failed", (string)listed["broken"]["state"]!);
        Assert.NotEqual("", (string)listed["broken"]["error"]!);
        Assert.Equal("running", (string)listed["healthy"]["state"]!);
        Assert.False(host.App.Services.GetRequiredService<InstanceRegistry>().Find("broken")!.TryGet<SettingsStore>(out _));
        var (unavailable, json) = await broken.GetAsync("/status");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.StartsWith("Instance broken failed to start", (string)json!["error"]!, StringComparison.Ordinal);

        await healthy.PostOkAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = "still works" });
        Assert.Equal("still works", (await host.Engines[healthy.Id].NextSendAsync()).Body);
        Assert.Equal(HttpStatusCode.OK, (await host.Rest.GetAsync("/healthz")).StatusCode);

        // A failed instance can still be deleted, and with it its data.
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("broken")).Response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(host.DataDir, "instances", "broken")));
    }

    [Fact]
    public async Task Delete_StopsThatInstance_TheOthersKeepSending()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        var admin = new AdminClient(host);
        using var a = await admin.CreateOkAsync("alpha");
        using var b = await admin.CreateOkAsync("beta");
        var queueOfA = host.ServicesOf(a.Id).GetRequiredService<OutboundQueue>();
        var instanceA = host.App.Services.GetRequiredService<InstanceRegistry>().Find(a.Id)!;
        Assert.True(instanceA.TryGet<OutboundQueue>(out _));

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync(a.Id)).Response.StatusCode);
        Assert.Throws<ObjectDisposedException>(() => queueOfA.CountUnsent());
        // Readers over all instances (health, metrics, the admin list) skip it from now on.
        Assert.False(instanceA.TryGet<OutboundQueue>(out _));
        var scrape = await host.Rest.GetStringAsync("/metrics?token=" + GatewayHost.Token);
        Assert.DoesNotContain("instance=\"alpha\"", scrape, StringComparison.Ordinal);

        await b.PostOkAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = "beta lives" });
        Assert.Equal("beta lives", (await host.Engines[b.Id].NextSendAsync()).Body);
        await host.PostAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = "default lives" });
        Assert.Equal("default lives", (await host.Engine.NextSendAsync()).Body);

        // The same id can be created again, empty.
        using var again = await admin.CreateOkAsync("alpha");
        Assert.Empty((System.Text.Json.Nodes.JsonArray)(await again.GetOkAsync("/messages"))["messages"]!);
    }

    [Fact]
    public async Task LeftoversOfAnInterruptedCreateOrDelete_AreRemovedAtStart()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        await host.RestartAsync(AccountStatus.Authenticated, whileStopped: () =>
        {
            Directory.CreateDirectory(Path.Combine(host.DataDir, "instances", "half.creating"));
            Directory.CreateDirectory(Path.Combine(host.DataDir, "instances", ".deleting-gone-12345678"));
            Directory.CreateDirectory(Path.Combine(host.DataDir, "instances", "notoken"));
        });

        Assert.Equal(["1"], (await new AdminClient(host).ListOkAsync()).Keys);
        Assert.Equal(["notoken"], Directory.EnumerateDirectories(Path.Combine(host.DataDir, "instances")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task AMovedInstance_FromAnotherShard_StartsFromItsDirectory()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(("WaGrpc:Shard", "0")), AccountStatus.Authenticated);
        var admin = new AdminClient(host);
        using var moved = await admin.CreateOkAsync("0-moved");
        await moved.PostOkAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = "before the move" });
        await host.Engines[moved.Id].NextSendAsync();

        // Moving = its directory copied to another shard's data dir under the same id (docs/scaling.md).
        await host.RestartAsync(AccountStatus.Authenticated, whileStopped: () =>
            Directory.Move(Path.Combine(host.DataDir, "instances", "0-moved"), Path.Combine(host.DataDir, "instances", "5-moved")));

        using var arrived = new InstanceClient(host, "5-moved", moved.Token);
        var messages = (System.Text.Json.Nodes.JsonArray)(await arrived.GetOkAsync("/messages"))["messages"]!;
        Assert.Equal("before the move", (string)messages.Single()!["body"]!);
    }
}
