using Grpc.Core;

namespace WaGrpc.Server.Infrastructure;

/// <summary>Tells gRPC calls from REST calls.</summary>
public static class RestRequests
{
    /// <summary>True for a gRPC call (application/grpc...).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>True for the sandbox's own paths (page, WebSocket, media, phone API), which are not legacy REST.</summary>
    public static bool IsSandbox(HttpRequest request) => request.Path.StartsWithSegments("/sandbox", StringComparison.Ordinal);

    /// <summary>True for a call that came in as REST and was transcoded.</summary>
    public static bool IsTranscoded(Grpc.Core.ServerCallContext context) => !IsGrpc(context.GetHttpContext().Request);
}
