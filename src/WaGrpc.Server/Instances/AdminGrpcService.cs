using Grpc.Core;
using WaGrpc.Contracts.Admin.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Session;

namespace WaGrpc.Server.Instances;

/// <summary>The admin API: create, list and delete instances (admin token only).</summary>
public sealed class AdminGrpcService(InstanceRegistry registry) : AdminService.AdminServiceBase
{
    public override async Task<CreateInstanceResponse> CreateInstance(CreateInstanceRequest request, ServerCallContext context)
    {
        var (instance, token) = await registry.CreateAsync(request.InstanceId.Trim(), context.CancellationToken);
        return new CreateInstanceResponse { InstanceId = instance.Context.Id, Token = token };
    }

    public override Task<ListInstancesResponse> ListInstances(ListInstancesRequest request, ServerCallContext context)
    {
        var response = new ListInstancesResponse();
        foreach (var instance in registry.All())
        {
            response.Instances.Add(new InstanceInfo
            {
                InstanceId = instance.Context.Id,
                Default = instance.Context.IsDefault,
                State = instance.State.ToWire(),
                Error = instance.Error ?? "",
                AccountStatus = AccountStatusOf(instance),
            });
        }

        return Task.FromResult(response);
    }

    public override async Task<DeleteInstanceResponse> DeleteInstance(DeleteInstanceRequest request, ServerCallContext context)
    {
        if (!InstanceIds.IsValid(request.InstanceId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "instanceId: not an instance id."));
        }

        await registry.DeleteAsync(request.InstanceId, context.CancellationToken);
        return new DeleteInstanceResponse { InstanceId = request.InstanceId };
    }

    private static string AccountStatusOf(GatewayInstance instance) =>
        instance.TryGet<SessionState>(out var session) ? session.Current.Status.ToLegacyName() : "";
}
