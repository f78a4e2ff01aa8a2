using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WaGrpc.Browser;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Auth;
using WaGrpc.Server.Chats;
using WaGrpc.Server.Dashboard;
using WaGrpc.Server.Events;
using WaGrpc.Server.Health;
using WaGrpc.Server.Instances;
using WaGrpc.Server.Media;
using WaGrpc.Server.Messaging;
using WaGrpc.Server.Observability;
using WaGrpc.Server.Session;
using WaGrpc.Server.Webhooks;
using WaGrpc.Storage;
using WaGrpc.Sandbox;
using WaGrpc.Sandbox.Api;
using Microsoft.Extensions.Options;

namespace WaGrpc.Server.Infrastructure;

/// <summary>Wires the gateway into a web application.</summary>
public static class WaGrpcServerExtensions
{
    /// <summary>
    /// Adds the gateway: the two Kestrel endpoints ("Rest" HTTP/1.1, "Grpc" HTTP/2 cleartext), gRPC
    /// with JSON transcoding (legacy JSON numbers), token auth, storage, the session, the dispatcher, the webhook sender.
    /// </summary>
    public static WebApplicationBuilder AddWaGrpcServer(this WebApplicationBuilder builder)
    {
        var endpoints = new ListeningEndpoints();
        builder.Services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel
            .Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false)
            .Endpoint("Rest", e =>
            {
                if (e.ConfigSection["Protocols"] is null)
                {
                    e.ListenOptions.Protocols = HttpProtocols.Http1;
                }

                endpoints.Rest = e.ListenOptions;
            })
            .Endpoint("Grpc", e =>
            {
                if (e.ConfigSection["Protocols"] is null)
                {
                    e.ListenOptions.Protocols = HttpProtocols.Http2;
                }

                endpoints.Grpc = e.ListenOptions;
            }));

        var services = builder.Services;
        services.AddOptions<WaGrpcOptions>().BindConfiguration("WaGrpc").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboundOptions>().BindConfiguration("WaGrpc:Outbound").ValidateDataAnnotations().ValidateOnStart();
        services.AddDeprecatedDurationKeys();
        // The instances: each has its own container (InstanceServiceCollectionExtensions.AddWaGrpcInstance);
        // the host keeps what they share and routes each request to one (InstanceRoutingMiddleware).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InstanceRegistry>();
        services.TryAddSingleton<AdminToken>();
        services.AddHostedService<InstancesHostService>();
        services.AddWaGrpcHealth();
        services.AddGrpcReflection();
        services.AddWaGrpcOpenApi();
        services.AddWaGrpcMetrics();

        // Request limits follow MaxFileBytes: REST bodies (Kestrel, forms) and gRPC messages alike.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<OutboundOptions>>((kestrel, outbound) =>
            kestrel.Limits.MaxRequestBodySize = outbound.Value.MaxRequestBytes);
        services.AddOptions<FormOptions>().Configure<IOptions<OutboundOptions>>((form, outbound) =>
        {
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, outbound.Value.MaxRequestBytes);
            form.MultipartBodyLengthLimit = outbound.Value.MaxRequestBytes;
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<OutboundOptions>>((grpc, outbound) =>
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, outbound.Value.MaxRequestBytes));
        // One token check for everything served (TokenAuthenticationHandler); an endpoint is open only if it says AllowAnonymous.
        // AddAuthentication() would also add ASP.NET Core Data Protection, whose hosted service loads
        // (or first creates and writes under ~/.aspnet) an XML key ring at every start: cookies and
        // antiforgery need it, a token check does not. Without it the start is ~35 ms shorter and
        // System.Private.Xml is never loaded.
        services.AddAuthenticationCore(options => options.DefaultScheme = TokenAuthenticationHandler.SchemeName);
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        services.AddWaGrpcRateLimiting();
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorMappingInterceptor>();
        }).AddJsonTranscoding(options =>
        {
            // Legacy clients parse numbers as numbers: int64 fields (time, messageNumber, queueNumber...) stay JSON numbers.
            options.JsonSettings.WriteInt64sAsStrings = false;
            options.JsonSettings.IgnoreDefaultValues = false;
        });
        return builder;
    }

    /// <summary>Maps the gateway's gRPC services (and their REST paths) and the legacy REST middleware.</summary>
    public static WebApplication MapWaGrpc(this WebApplication app)
    {
        app.UseMiddleware<LegacyErrorMiddleware>();
        app.UseMiddleware<InstanceRoutingMiddleware>();
        app.UseMiddleware<LegacyPathAliases>();
        app.UseWaGrpcOpenApiUi();
        app.UseRouting();
        // The token first (a caller without it learns nothing, not even about its body), then the
        // limit per token (or per address for callers without one), then the policy.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<LegacyRequestMiddleware>();
        app.MapGrpcService<SessionGrpcService>();
        app.MapGrpcService<MessagingGrpcService>();
        app.MapGrpcService<ChatsGrpcService>();
        app.MapGrpcService<EventsGrpcService>();
        app.MapWaGrpcMedia();
        app.MapGrpcService<WebhooksGrpcService>();
        app.MapGrpcService<AdminGrpcService>().RequireAuthorization(policy => policy.RequireRole(TokenAuthenticationHandler.AdminRole));
        app.MapGrpcHealthChecksService().AllowAnonymous();
        // The same overall check over plain HTTP, for probes without a gRPC client (Docker HEALTHCHECK).
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(GatewayHealthChecks.StorageService),
        }).AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapWaGrpcOpenApi();
        app.MapWaGrpcMetrics();
        app.MapWaGrpcDashboard();
        if (app.Services.GetRequiredService<IOptions<WaGrpcOptions>>().Value.Sandbox)
        {
            app.UseWebSockets();
            app.MapWaGrpcSandbox();
        }
        return app;
    }
}
