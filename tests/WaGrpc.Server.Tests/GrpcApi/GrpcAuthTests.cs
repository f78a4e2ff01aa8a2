using Grpc.Core;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;

namespace WaGrpc.Server.Tests.GrpcApi;

public sealed class GrpcAuthTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task GetStatus_WithoutToken_FailsUnauthenticated()
    {
        var host = gateway.Host;
        using var channel = host.AnonymousGrpc();
        var client = new SessionService.SessionServiceClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.GetStatusAsync(new GetStatusRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Theory]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer ")]
    [InlineData("Bearer test-token-1234")]
    [InlineData("Basic dGVzdC10b2tlbi0xMjM=")]
    public async Task GetStatus_WithWrongAuthorization_FailsUnauthenticated(string authorization)
    {
        var host = gateway.Host;
        using var channel = host.AnonymousGrpc();
        var client = new SessionService.SessionServiceClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetStatusAsync(new GetStatusRequest(), new Metadata { { "authorization", authorization } }).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task GetStatus_WithRightBearer_AnswersStatus()
    {
        var host = gateway.Host;

        var status = await host.Session().GetStatusAsync(new GetStatusRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal("loading", status.AccountStatus);
        Assert.False(status.HasQrCode);
    }

    [Fact]
    public async Task SendMessage_WithWrongBearer_FailsUnauthenticatedAndQueuesNothing()
    {
        var host = gateway.Host;
        using var channel = host.AnonymousGrpc();
        var client = new MessagingService.MessagingServiceClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.SendMessageAsync(
            new SendMessageRequest { Phone = GrpcTestKit.Phone, Body = "hi" },
            new Metadata { { "authorization", "Bearer nope" } }).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal(0, (await host.QueueAsync()).TotalMessages);
    }

    [Fact]
    public async Task StreamEvents_WithoutToken_FailsUnauthenticated()
    {
        var host = gateway.Host;
        using var channel = host.AnonymousGrpc();
        var client = new EventsService.EventsServiceClient(channel);
        using var call = client.StreamEvents(new StreamEventsRequest { AfterCursor = 0 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().DefaultTimeout());

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task WatchStatus_WithWrongBearer_FailsUnauthenticated()
    {
        var host = gateway.Host;
        using var channel = host.AnonymousGrpc();
        var client = new SessionService.SessionServiceClient(channel);
        using var call = client.WatchStatus(new WatchStatusRequest(), new Metadata { { "authorization", "Bearer nope" } });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().DefaultTimeout());

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }
}
