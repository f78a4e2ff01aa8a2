using OpenTelemetry.Metrics;

namespace WaGrpc.Server.Observability;

/// <summary>
/// OpenTelemetry metrics with a Prometheus scrape endpoint at <see cref="Path"/> on the REST
/// endpoint, behind the token like everything else (Prometheus sends it as a bearer token). Exported
/// meters: the gateway's (<see cref="GatewayMetrics"/>), the browser's, and ASP.NET Core's request
/// durations and Kestrel connections.
/// </summary>
public static class MetricsSetup
{
    public const string Path = "/metrics";

    /// <summary>The browser engine's meter (restarts), in WaGrpc.Browser.</summary>
    public const string BrowserMeterName = "WaGrpc.Browser";

    public static IServiceCollection AddWaGrpcMetrics(this IServiceCollection services)
    {
        services.AddSingleton<GatewayMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GatewayMetrics.MeterName, BrowserMeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static WebApplication MapWaGrpcMetrics(this WebApplication app)
    {
        // Created at start, so its observable gauges exist before the first scrape.
        _ = app.Services.GetRequiredService<GatewayMetrics>();
        // Host-wide series (every instance's): for the default instance's token, not another instance's.
        app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(Auth.TokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.Resource is HttpContext http
                && http.Features.Get<Instances.InstanceFeature>()?.Instance?.Context.IsDefault == true));
        return app;
    }
}
