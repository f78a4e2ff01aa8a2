using Microsoft.Net.Http.Headers;

namespace WaGrpc.Server.Auth;

/// <summary>Finds the token a request presents: "authorization: Bearer", else (not for gRPC) "?token=".</summary>
public static class TokenReader
{
    public static string? Read(HttpContext http)
    {
        var header = http.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        var isGrpc = http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        if (!isGrpc && http.Request.Query.TryGetValue("token", out var query))
        {
            return query.ToString();
        }

        return null;
    }
}
