using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WaGrpc.Server.Webhooks;

/// <summary>Registers webhook delivery.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds the webhook sender (a hosted service), its options (section "WaGrpc:Webhook") and its
    /// HttpClient: no automatic redirects (a 3xx answer is not followed, to any host), no cookies,
    /// no client-wide timeout (each POST has its own), a User-Agent naming the product and version.
    /// </summary>
    public static IServiceCollection AddWaGrpcWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("WaGrpc:Webhook").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookSender.HttpClientName, http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddHostedService<WebhookSender>();
        return services;
    }

    /// <summary>"WaGrpc/&lt;version&gt;", the User-Agent of webhook POSTs.</summary>
    public static string UserAgent { get; } = $"WaGrpc/{typeof(WebhookSender).Assembly.GetName().Version?.ToString(3)}";
}
