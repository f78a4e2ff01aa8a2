
namespace WaGrpc.Server.Health;

/// <summary>
/// What grpc.health.v1 reports: the overall service ("") and <see cref="StorageService"/> are
/// SERVING while the store answers; <see cref="WhatsAppService"/> only while the WhatsApp session is
/// authenticated, so an orchestrator can tell "process up" from "number linked".
/// </summary>
public static class GatewayHealthChecks
{
    /// <summary>The health service name of the store.</summary>
    public const string StorageService = "wagrpc.storage";

    /// <summary>The health service name of the WhatsApp session (linked and logged in).</summary>
    public const string WhatsAppService = "wagrpc.whatsapp";

    /// <summary>Adds the checks and grpc.health.v1 with its service names.</summary>
    public static IServiceCollection AddWaGrpcHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [StorageService])
            .AddCheck<SessionHealthCheck>("session", tags: [WhatsAppService]);
        services.AddGrpcHealthChecks(options =>
        {
            options.Services.Map("", check => check.Tags.Contains(StorageService));
            options.Services.Map(StorageService, check => check.Tags.Contains(StorageService));
            options.Services.Map(WhatsAppService, check => check.Tags.Contains(WhatsAppService));
        });
        return services;
    }
}
