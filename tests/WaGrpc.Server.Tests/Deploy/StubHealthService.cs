using Grpc.Core;
using Grpc.Health.V1;

namespace WaGrpc.Server.Tests.Deploy;

/// <summary>
/// A real gRPC service on a <see cref="StubShard"/>'s h2c port (grpc.health.v1, whose messages ship
/// with Grpc.HealthCheck): its response headers say which shard answered and which routing headers
/// arrived. Watch streams SERVING, then NOT_SERVING once the test opens the call's x-test-gate.
/// </summary>
internal sealed class StubHealthService(StubShard stub) : Grpc.Health.V1.Health.HealthBase
{
    public const string ShardHeader = "x-stub-shard";
    public const string SawInstanceHeader = "x-stub-saw-instance";
    public const string SawShardHeader = "x-stub-saw-shard";

    public override async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(Echo(context));
        return new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving };
    }

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(Echo(context));
        await responseStream.WriteAsync(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving });
        await stub.WaitForGateAsync(context.RequestHeaders.GetValue(StubShard.GateHeader) ?? "", context.CancellationToken);
        await responseStream.WriteAsync(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.NotServing });
    }

    private Metadata Echo(ServerCallContext context) => new()
    {
        { ShardHeader, stub.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        { SawInstanceHeader, context.RequestHeaders.GetValue("x-wagrpc-instance") ?? "(none)" },
        { SawShardHeader, context.RequestHeaders.GetValue("x-wagrpc-shard") ?? "(none)" },
    };
}
