using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Auth;

/// <summary>ASP.NET Core's rate limiter, one fixed window per token (see <see cref="RateLimitOptions"/>).</summary>
public static class RateLimiting
{
    public static IServiceCollection AddWaGrpcRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (limits.PermitLimit == 0)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }

                var key = http.User.FindFirst(TokenAuthenticationHandler.TokenIdClaim)?.Value is { } tokenId
                    ? "token:" + tokenId
                    : "address:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = limits.Window,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var message = $"Too many requests: at most {limits.PermitLimit} per {limits.Window.TotalSeconds:0.###} s for this token (WaGrpc:RateLimit). Try again in {seconds} s.";
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (RestRequests.IsGrpc(context.HttpContext.Request))
                {
                    GrpcRefusal.Write(response, Grpc.Core.StatusCode.ResourceExhausted, message);
                    return;
                }

                await LegacyErrorMiddleware.WriteErrorAsync(response, StatusCodes.Status429TooManyRequests, message);
            };
        });
        services.AddRateLimiter(_ => { });
        return services;
    }
}
