using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Deploy;

/// <summary>
/// The router's gRPC rules (deploy/k8s/router/routing.conf) in real nginx over h2c: the routing
/// headers pick the pod, and a server stream comes through message by message.
/// </summary>
[Collection(RouterCollection.Name)]
public sealed class RouterGrpcTests(RouterFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Router.GrpcUri);

    [Theory]
    [InlineData("1-k7q2m9xa", null, "1")]
    [InlineData(null, "2", "2")]
    [InlineData(null, null, "0")]
    [InlineData("foo", null, "0")]
    [InlineData("0-movedaway", null, "1")]
    [InlineData("legacy", null, "2")]
    [InlineData("1-abc", "2", "2")]
    public async Task Call_RoutingHeaders_ReachTheirShard_HeadersPassedOn(string? instance, string? shard, string expected)
    {
        var headers = new Metadata();
        if (instance is not null)
        {
            headers.Add("x-wagrpc-instance", instance);
        }

        if (shard is not null)
        {
            headers.Add("x-wagrpc-shard", shard);
        }

        using var call = new Grpc.Health.V1.Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest(), headers);
        var answer = await call.ResponseAsync.DefaultTimeout();
        var seen = await call.ResponseHeadersAsync.DefaultTimeout();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
        Assert.Equal(expected, seen.GetValue(StubHealthService.ShardHeader));
        Assert.Equal(instance ?? "(none)", seen.GetValue(StubHealthService.SawInstanceHeader));
        Assert.Equal(shard ?? "(none)", seen.GetValue(StubHealthService.SawShardHeader));
    }

    [Fact]
    public async Task ServerStream_FirstMessageArrivesBeforeTheLastIsWritten()
    {
        var gate = Guid.NewGuid().ToString("N");
        var headers = new Metadata { { "x-wagrpc-instance", "2-k7q2m9xa" }, { StubShard.GateHeader, gate } };

        using var call = new Grpc.Health.V1.Health.HealthClient(_channel).Watch(new HealthCheckRequest(), headers);
        // The stub writes the second message only after this release: a buffering router would time out here.
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var first = call.ResponseStream.Current.Status;
        fixture.Shards[2].Release(gate);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var second = call.ResponseStream.Current.Status;
        var more = await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, first);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, second);
        Assert.False(more);
        Assert.Equal("2", (await call.ResponseHeadersAsync.DefaultTimeout()).GetValue(StubHealthService.ShardHeader));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Call_ShardWithoutPod_IsUnavailable()
    {
        var headers = new Metadata { { "x-wagrpc-shard", "7" } };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Grpc.Health.V1.Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest(), headers).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("shard 7", error.Status.Detail, StringComparison.Ordinal);
    }

    public void Dispose() => _channel.Dispose();
}
