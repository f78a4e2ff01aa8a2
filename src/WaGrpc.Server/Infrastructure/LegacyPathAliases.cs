namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// Legacy calls whose answer depends on the query, served by their own RPC: before routing,
/// GET /webhookStatus?msgId=... becomes GET /webhookStatus/message?msgId=... (without msgId it
/// keeps the gateway's delivery status).
/// </summary>
public sealed class LegacyPathAliases(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method)
            && request.Path.Equals("/webhookStatus", StringComparison.OrdinalIgnoreCase)
            && request.Query.ContainsKey("msgId"))
        {
            request.Path = "/webhookStatus/message";
        }

        return next(context);
    }
}
