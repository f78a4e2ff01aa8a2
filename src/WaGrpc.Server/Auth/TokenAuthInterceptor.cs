using Grpc.Core;
using Grpc.Core.Interceptors;

namespace WaGrpc.Server.Auth;

/// <summary>
/// Checks the API token on every call: gRPC clients send "authorization: Bearer &lt;token&gt;";
/// REST clients (transcoded calls) send "?token=&lt;token&gt;", or the same header. Health checks
/// (grpc.health.v1) and server reflection answer without a token: orchestrators and tools ask them.
/// </summary>
public sealed class TokenAuthInterceptor(InstanceToken token) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        if (IsOpen(context.Method))
        {
            return;
        }

        if (token.Check(context.GetHttpContext()) is { } error)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, error));
        }
    }

    private static bool IsOpen(string method) =>
        method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal) ||
        method.StartsWith("/grpc.reflection.v1alpha.ServerReflection/", StringComparison.Ordinal) ||
        method.StartsWith("/grpc.reflection.v1.ServerReflection/", StringComparison.Ordinal);
}
