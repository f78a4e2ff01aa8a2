using System.Net;
using Grpc.Core;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;

namespace WaGrpc.Server.Tests.Auth;

/// <summary>ASP.NET Core's rate limiter, one window per token (issue 10, item 4). A window of an hour: no test waits on it.</summary>
public sealed class RateLimitTests
{
    private static Task<GatewayHost> StartLimitedAsync(int permits) => GatewayHost.StartAsync(new()
    {
        ["WaGrpc:RateLimit:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["WaGrpc:RateLimit:Window"] = "01:00:00",
    });

    [Fact]
    public async Task Rest_OverTheLimit_Answers429LegacyErrorWithRetryAfter_AndQueuesNothing()
    {
        await using var host = await StartLimitedAsync(3);
        for (var i = 0; i < 3; i++)
        {
            var (ok, _) = await host.SendAsync(HttpMethod.Get, host.Url("/status"));
            Assert.Equal(HttpStatusCode.OK, ok);
        }

        using var refused = await host.Rest.PostAsync(host.Url("/sendMessage"), RestCalls.JsonText("""{"phone": "17472822486", "body": "one too many"}"""));
        var json = System.Text.Json.Nodes.JsonNode.Parse(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        JsonAssert.IsLegacyError(json);
        Assert.Contains("WaGrpc:RateLimit", (string)json!["error"]!, StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
        Assert.Empty(host.Engine.Sent);
    }

    [Fact]
    public async Task Grpc_OverTheLimit_FailsResourceExhausted()
    {
        await using var host = await StartLimitedAsync(2);
        var session = host.Session();
        await session.GetStatusAsync(new GetStatusRequest()).ResponseAsync.DefaultTimeout();
        await session.GetStatusAsync(new GetStatusRequest()).ResponseAsync.DefaultTimeout();

        var ex = await Assert.ThrowsAsync<RpcException>(() => session.GetStatusAsync(new GetStatusRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("Too many requests", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongTokens_CountPerAddress_SoGuessingIsLimitedToo()
    {
        await using var host = await StartLimitedAsync(3);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await host.SendAsync(HttpMethod.Get, $"/status?token=guess-{i}")).Status);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task PermitLimitZero_TurnsTheLimitOff()
    {
        await using var host = await StartLimitedAsync(0);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, host.Url("/status"))).Status);
        }
    }
}
