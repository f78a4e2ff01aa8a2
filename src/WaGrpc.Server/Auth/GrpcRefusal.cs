using Grpc.Core;

namespace WaGrpc.Server.Auth;

/// <summary>
/// A gRPC call refused before it reaches its service (no token, rate limit): a trailers-only
/// answer, so clients see the gRPC status and message rather than an HTTP error.
/// </summary>
public static class GrpcRefusal
{
    public static void Write(HttpResponse response, StatusCode status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}
