using System.Net;
using System.Text;
using Grpc.Core;
using WaGrpc.Contracts.Admin.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>
/// The admin API (REST and gRPC): create, list, delete, and what it refuses. The refusals, which
/// create nothing, share one gateway; the tests that create instances have their own.
/// </summary>
public sealed class InstanceAdminTests(AdminGatewayFixture gateway) : IClassFixture<AdminGatewayFixture>
{
    [Fact]
    public async Task CreateListDelete_AnInstanceHasItsOwnDirectoryTokenAndPaths()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated);
        var admin = new AdminClient(host);

        using var created = await admin.CreateOkAsync();
        Assert.Matches("^[a-z][a-z0-9]{7}$", created.Id);
        Assert.Matches("^[0-9a-f]{40}$", created.Token);
        var dir = Path.Combine(host.DataDir, "instances", created.Id);
        Assert.Equal(created.Token, File.ReadAllText(Path.Combine(dir, "token")).Trim());
        Assert.True(File.Exists(Path.Combine(dir, "wagrpc.db")));

        var listed = await admin.ListOkAsync();
        Assert.Equal(["1", created.Id], listed.Keys);
        Assert.True((bool)listed["1"]["default"]!);
        Assert.False((bool)listed[created.Id]["default"]!);
        Assert.Equal("running", (string)listed[created.Id]["state"]!);
        Assert.Equal("authenticated", (string)listed[created.Id]["accountStatus"]!);
        Assert.Equal("authenticated", (string)(await created.GetOkAsync("/status"))["accountStatus"]!);

        var (deleted, json) = await admin.DeleteAsync(created.Id);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(created.Id, (string)json!["instanceId"]!);
        Assert.False(Directory.Exists(dir));
        Assert.Equal(["1"], (await admin.ListOkAsync()).Keys);
        var (gone, error) = await created.GetAsync("/status");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal($"No instance {created.Id}.", (string)error!["error"]!);
    }

    [Fact]
    public async Task Create_WithAnId_UsesIt_AndRefusesItASecondTime()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings());
        var admin = new AdminClient(host);
        using var sales = await admin.CreateOkAsync("sales-2");
        Assert.Equal("sales-2", sales.Id);

        foreach (var taken in new[] { "sales-2", "1" })
        {
            var (response, json) = await admin.CreateAsync(new { instanceId = taken });
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("exists", (string)json!["error"]!, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Sales")]
    [InlineData("-x")]
    [InlineData("a/b")]
    [InlineData("../x")]
    [InlineData("a b")]
    [InlineData("s")]
    [InlineData("a.b")]
    [InlineData("x\u0000y")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Create_WithABadId_Is400_AndCreatesNothing(string id)
    {
        var host = gateway.Host;
        var admin = new AdminClient(host);
        var (response, json) = await admin.CreateAsync(new { instanceId = id });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Invalid instance id", (string)json!["error"]!, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(host.DataDir, "instances")));
        Assert.Equal(["1"], (await admin.ListOkAsync()).Keys);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"instanceId\": 5}")]
    [InlineData("{\"instanceId\": [\"a\"]}")]
    public async Task Create_WithABadBody_Is400(string body)
    {
        var host = gateway.Host;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await host.Rest.PostAsync("/instances?token=" + AdminClient.Token, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await InstanceClient.ReadAsync(response))?["error"]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(host.DataDir, "instances")));
    }

    [Fact]
    public async Task Delete_TheDefaultOrAnUnknownInstance_IsRefused()
    {
        var host = gateway.Host;
        var admin = new AdminClient(host);

        var (defaultResponse, defaultJson) = await admin.DeleteAsync("1");
        Assert.Equal(HttpStatusCode.BadRequest, defaultResponse.StatusCode);
        Assert.Equal("The default instance cannot be deleted.", (string)defaultJson!["error"]!);

        var (unknown, unknownJson) = await admin.DeleteAsync("nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No instance nope.", (string)unknownJson!["error"]!);

        var (bad, badJson) = await admin.DeleteAsync("A%2F..");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("instanceId: not an instance id.", (string)badJson!["error"]!);
        Assert.NotNull((await host.GetOkJsonAsync("/status"))["accountStatus"]);
    }

    [Fact]
    public async Task AdminApi_WithoutAnAdminToken_IsOff()
    {
        await using var host = await GatewayHost.StartAsync();
        foreach (var token in new[] { "", GatewayHost.Token, "anything" })
        {
            var (response, json) = await new AdminClient(host, token).ListAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("The admin API is off: set WaGrpc:AdminToken.", (string)json!["error"]!);
        }
    }

    [Fact]
    public async Task AdminApi_TakesTheAdminTokenOnly()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings());
        using var instance = await new AdminClient(host).CreateOkAsync();
        foreach (var token in new[] { GatewayHost.Token, instance.Token, AdminClient.Token + "x" })
        {
            var (response, json) = await new AdminClient(host, token).ListAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Wrong token.", (string)json!["error"]!);
        }

        var missing = await host.Rest.GetAsync("/instances");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.StartsWith("Missing token", (string)(await InstanceClient.ReadAsync(missing))!["error"]!, StringComparison.Ordinal);

        // The admin token reaches no instance's API.
        var onDefault = await host.Rest.GetAsync("/status?token=" + AdminClient.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, onDefault.StatusCode);
        var onInstance = await host.Rest.GetAsync($"/instance{instance.Id}/status?token={AdminClient.Token}");
        Assert.Equal(HttpStatusCode.Unauthorized, onInstance.StatusCode);
    }

    [Fact]
    public async Task AdminService_OverGrpc_CreatesListsDeletes_AndRefusesBadInput()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings());
        using var channel = InstanceClient.Channel(host, instance: null, AdminClient.Token);
        var admin = new AdminService.AdminServiceClient(channel);

        var created = await admin.CreateInstanceAsync(new CreateInstanceRequest { InstanceId = "grpc-one" });
        Assert.Equal("grpc-one", created.InstanceId);
        var listed = await admin.ListInstancesAsync(new ListInstancesRequest());
        Assert.Equal(["1", "grpc-one"], listed.Instances.Select(i => i.InstanceId));

        var bad = await Assert.ThrowsAsync<RpcException>(() => admin.CreateInstanceAsync(new CreateInstanceRequest { InstanceId = "No" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        var exists = await Assert.ThrowsAsync<RpcException>(() => admin.CreateInstanceAsync(new CreateInstanceRequest { InstanceId = "grpc-one" }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, exists.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.DeleteInstanceAsync(new DeleteInstanceRequest { InstanceId = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var byDefault = await Assert.ThrowsAsync<RpcException>(() => admin.DeleteInstanceAsync(new DeleteInstanceRequest { InstanceId = "1" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, byDefault.StatusCode);

        using var instanceChannel = InstanceClient.Channel(host, instance: null, created.Token);
        var refused = await Assert.ThrowsAsync<RpcException>(() => new AdminService.AdminServiceClient(instanceChannel).ListInstancesAsync(new ListInstancesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        await admin.DeleteInstanceAsync(new DeleteInstanceRequest { InstanceId = "grpc-one" });
        Assert.Equal(["1"], (await admin.ListInstancesAsync(new ListInstancesRequest())).Instances.Select(i => i.InstanceId));
    }

    [Fact]
    public async Task OnAShard_IdsCarryTheShard_AndForeignIdsAreRefused()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(("WaGrpc:Shard", "3")));
        var admin = new AdminClient(host);
        using var generated = await admin.CreateOkAsync();
        Assert.Matches("^3-[a-z][a-z0-9]{7}$", generated.Id);
        using var named = await admin.CreateOkAsync("3-sales");
        Assert.Equal("3-sales", named.Id);

        var (response, json) = await admin.CreateAsync(new { instanceId = "sales" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("shard 3", (string)json!["error"]!, StringComparison.Ordinal);
    }
}
