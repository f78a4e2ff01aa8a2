using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Auth;

/// <summary>
/// One authentication handler for everything served (issue 10, item 4): no endpoint is open unless
/// it is on this list, so whatever is mapped later needs the token without anyone remembering it.
/// </summary>
public sealed class AuthenticationCoverageTests(SandboxGatewayFixture gateway) : IClassFixture<SandboxGatewayFixture>
{
    // Open on purpose: health and reflection (orchestrators and tools), the OpenAPI document (it
    // describes the API, nothing of the instance; Swagger UI's files are served before routing), and in sandbox mode what
    // the stand-in page loads and its WebSocket (web.whatsapp.com needs no API token either).
    // The operator dashboard's own files: a page with its script and style, no data; what it shows
    // it asks the API for with the token the person signs in with (DashboardTests).
    private static readonly string[] OpenPrefixes =
    [
        "/grpc.health.v1.Health/",
        "/healthz",
        "/openapi/",
        "/grpc.reflection.v1alpha.ServerReflection/",
        "/grpc.reflection.v1.ServerReflection/",
        "/sandbox/web/",
        "/sandbox/phone/",
        "/sandbox/ws",
        "/sandbox/media",
        "/dashboard/",
    ];

    [Fact]
    public async Task EveryEndpoint_NeedsTheToken_ButTheOpenList()
    {
        var host = gateway.Host;
        var endpoints = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var open = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToList();

        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        Assert.All(open, path => Assert.True(OpenPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)), $"{path} is open"));
        Assert.Contains(open, p => p.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/media/abc")]
    [InlineData("/sandbox/api/state")]
    [InlineData("/no/such/path")]
    public async Task PathsBeyondTheLegacyApi_WithoutToken_Answer401LegacyError(string path)
    {
        var host = gateway.Host;

        var (status, json) = await host.SendAsync(HttpMethod.Get, path);
        var (wrong, wrongJson) = await host.SendAsync(HttpMethod.Get, path, bearer: "nope");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        JsonAssert.IsLegacyError(json);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal("Wrong token.", (string)wrongJson!["error"]!);
    }
}
