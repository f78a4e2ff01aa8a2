using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Health;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.GrpcApi;

/// <summary>grpc.health.v1 and server reflection: open without a token, and "process up" apart from "number linked".</summary>
public sealed class HealthAndReflectionTests
{
    [Fact]
    public async Task Health_WithoutToken_OverallServing_WhatsAppOnlyWhileAuthenticated()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Loading);
        using var channel = host.AnonymousGrpc();
        var health = new Grpc.Health.V1.Health.HealthClient(channel);

        var overall = await health.CheckAsync(new HealthCheckRequest { Service = "" }).ResponseAsync.DefaultTimeout();
        var storage = await health.CheckAsync(new HealthCheckRequest { Service = GatewayHealthChecks.StorageService }).ResponseAsync.DefaultTimeout();
        var before = await health.CheckAsync(new HealthCheckRequest { Service = GatewayHealthChecks.WhatsAppService }).ResponseAsync.DefaultTimeout();
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var after = await health.CheckAsync(new HealthCheckRequest { Service = GatewayHealthChecks.WhatsAppService }).ResponseAsync.DefaultTimeout();
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "nope" }).ResponseAsync.DefaultTimeout());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, storage.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, before.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, after.Status);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Healthz_WithoutToken_IsHealthyWhileTheStoreAnswers_WhateverTheSession()
    {
        await using var host = await GatewayHost.StartAsync();

        var loggedOut = await host.Rest.GetAsync("/healthz").DefaultTimeout();
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var loggedIn = await host.Rest.GetAsync("/healthz").DefaultTimeout();

        Assert.Equal(System.Net.HttpStatusCode.OK, loggedOut.StatusCode);
        Assert.Equal("Healthy", await loggedOut.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, loggedIn.StatusCode);
    }

    [Fact]
    public async Task Reflection_WithoutToken_ListsTheGatewaysServices_OtherCallsStillNeedTheToken()
    {
        await using var host = await GatewayHost.StartAsync();
        using var channel = host.AnonymousGrpc();
        var reflection = new ServerReflection.ServerReflectionClient(channel);

        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new WaGrpc.Contracts.Session.V1.SessionService.SessionServiceClient(channel).GetStatusAsync(new()).ResponseAsync.DefaultTimeout());

        Assert.Contains("wagrpc.messaging.v1.MessagingService", services);
        Assert.Contains("wagrpc.session.v1.SessionService", services);
        Assert.Contains("wagrpc.events.v1.EventsService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }
}
