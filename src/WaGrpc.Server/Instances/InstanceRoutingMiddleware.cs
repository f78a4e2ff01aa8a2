using Microsoft.AspNetCore.Http.Features;
using WaGrpc.Core.Instances;
using WaGrpc.Server.Auth;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Instances;

/// <summary>
/// Decides, first thing, which instance a request is for, and gives the request that instance's
/// services: "/instance&lt;id&gt;/..." (the prefix moves to PathBase, so every legacy path works under
/// it), else the gRPC metadata (or header) "x-wagrpc-instance: &lt;id&gt;", else the default instance.
/// The admin API's paths (/instances, wagrpc.admin.v1.AdminService) are for no instance. An unknown
/// id is a 404 <c>{"error"}</c> / NOT_FOUND; an instance that failed to start or is being deleted,
/// 503 / UNAVAILABLE.
/// </summary>
public sealed class InstanceRoutingMiddleware(RequestDelegate next, InstanceRegistry registry)
{
    /// <summary>The metadata (header) naming the instance of a gRPC call.</summary>
    public const string Header = "x-wagrpc-instance";

    private const string AdminRest = "/instances";
    private const string AdminGrpc = "/wagrpc.admin.v1.AdminService/";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (IsAdmin(path))
        {
            context.Features.Set(InstanceFeature.ForAdmin());
            await next(context);
            return;
        }

        string? id = null;
        if (SplitPrefix(path) is { } prefixed)
        {
            id = prefixed.Id;
            request.PathBase = request.PathBase.Add(new PathString(InstanceContext.PathPrefixStart + prefixed.Id));
            request.Path = new PathString(prefixed.Remainder);
        }
        else if (request.Headers[Header] is [{ Length: > 0 } named])
        {
            id = named;
        }

        var instance = registry.Find(id ?? registry.DefaultContext.Id);
        if (instance is null && id is null)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, Grpc.Core.StatusCode.Unavailable, "The gateway is starting.");
            return;
        }

        if (instance is null)
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound, Grpc.Core.StatusCode.NotFound, $"No instance {Printable(id!)}.");
            return;
        }

        if (instance.State != InstanceState.Running)
        {
            var why = instance.State == InstanceState.Failed ? $"failed to start: {instance.Error}" : "is " + instance.State.ToWire();
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, Grpc.Core.StatusCode.Unavailable, $"Instance {instance.Context.Id} {why}");
            return;
        }

        IServiceScope scope;
        try
        {
            scope = instance.Services.CreateScope();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, Grpc.Core.StatusCode.Unavailable, $"Instance {instance.Context.Id} is stopping.");
            return;
        }

        context.Response.RegisterForDispose(scope);
        context.Features.Set<IServiceProvidersFeature>(new InstanceRequestServices(scope.ServiceProvider, context.RequestServices));
        context.Features.Set(InstanceFeature.For(instance));
        await next(context);
    }

    /// <summary>True for the admin API's paths.</summary>
    public static bool IsAdmin(string path) =>
        path.Equals(AdminRest, StringComparison.OrdinalIgnoreCase)
        || path.StartsWith(AdminRest + "/", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith(AdminGrpc, StringComparison.Ordinal);

    /// <summary>"/instance&lt;id&gt;/rest" → (id, "/rest"); null for any other path (also "/instanceStatuses").</summary>
    public static (string Id, string Remainder)? SplitPrefix(string path)
    {
        if (!path.StartsWith(InstanceContext.PathPrefixStart, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = path.IndexOf('/', InstanceContext.PathPrefixStart.Length);
        if (slash < 0)
        {
            return null;
        }

        var id = path[InstanceContext.PathPrefixStart.Length..slash];
        return InstanceIds.IsValid(id) ? (id, path[slash..]) : null;
    }

    private static string Printable(string id) => id.Length <= 60 && id.All(c => c is >= ' ' and < '\u007f') ? id : "(unprintable)";

    private static Task RefuseAsync(HttpContext context, int status, Grpc.Core.StatusCode grpcStatus, string message)
    {
        if (RestRequests.IsGrpc(context.Request))
        {
            GrpcRefusal.Write(context.Response, grpcStatus, message);
            return Task.CompletedTask;
        }

        return LegacyErrorMiddleware.WriteErrorAsync(context.Response, status, message);
    }
}
