using System.Net;
using System.Text.Json;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>
/// The token on every REST path: ?token= or "Authorization: Bearer"; anything else is a legacy 401.
/// The refused calls share one gateway: they change nothing, which is what they check.
/// </summary>
public sealed class AuthRestTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    /// <summary>Every REST path, with a body (for POST) that would be accepted with the right token.</summary>
    public static TheoryData<string, string, string?> AllPaths => new()
    {
        { "GET", "/status", null },
        { "GET", "/status/watch", null },
        { "GET", "/qr_code", null },
        { "POST", "/logout", "{}" },
        { "POST", "/reboot", "{}" },
        { "POST", "/sendMessage", """{"phone": "17472822486", "body": "Hello"}""" },
        { "POST", "/sendFile", """{"phone": "17472822486", "body": "https://example.com/cover.jpg", "filename": "cover.jpg"}""" },
        { "POST", "/group", """{"groupName": "Browsers", "phones": ["17472822486"]}""" },
        { "GET", "/messages", null },
        { "GET", "/webhook", null },
        { "POST", "/webhook", """{"webhookUrl": "https://example.com/hook"}""" },
        { "GET", "/settings/ackNotificationsOn?ackNotificationsOn=0", null },
        { "POST", "/settings/ackNotificationsOn", """{"ackNotificationsOn": 0}""" },
        { "GET", "/showMessagesQueue", null },
        { "POST", "/clearMessagesQueue", "{}" },
        { "GET", "/events?afterCursor=0", null },
        { "GET", "/webhookStatus", null },
        { "GET", "/webhookDeadLetters", null },
        { "POST", "/webhookDeadLetters/replay", """{"all": true}""" },
    };

    private static bool IsStream(string path) => path.StartsWith("/events", StringComparison.Ordinal) || path == "/status/watch";

    private static Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Json)> CallAsync(
        GatewayHost host, string method, string url, string? body, string? bearer = null) =>
        host.SendAsync(new HttpMethod(method), url, body is null ? null : JsonText(body), bearer, stream: IsStream(url));

    private static string WithQuery(string path, string query) => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task AnyPath_WithoutOrWithWrongToken_Answers401LegacyErrorAndChangesNothing(string method, string path, string? body)
    {
        var host = gateway.Host;
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");

        var missing = await CallAsync(host, method, path, body);
        var wrongQuery = await CallAsync(host, method, WithQuery(path, "token=wrong-token"), body);
        var emptyQuery = await CallAsync(host, method, WithQuery(path, "token="), body);
        var wrongBearer = await CallAsync(host, method, path, body, bearer: "wrong-token");

        foreach (var (status, json) in new[] { missing, wrongQuery, emptyQuery, wrongBearer })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            JsonAssert.IsLegacyError(json);
        }

        Assert.Equal(0, host.Engine.LogoutCalls);
        Assert.Equal(0, host.Engine.RebootCalls);
        Assert.Equal(0, (await host.QueueAsync())["totalMessages"]!.GetValue<long>());
        var (_, webhook) = await host.GetJsonAsync("/webhook");
        JsonAssert.Kind(webhook, "set", JsonValueKind.False);
        var (_, ack) = await host.GetJsonAsync("/settings/ackNotificationsOn");
        JsonAssert.Kind(ack, "ackNotificationsOn", JsonValueKind.True);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task AnyPath_WithBearerHeader_IsAccepted(string method, string path, string? body)
    {
        // Accepted calls change the gateway (a send, a webhook, a logout): a gateway of its own.
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");

        var (status, json) = await CallAsync(host, method, path, body, bearer: GatewayHost.Token);

        Assert.True(status == HttpStatusCode.OK, $"{method} {path} answered {(int)status} {json?.ToJsonString()}");
    }

    [Theory]
    [InlineData("/sendMessage", """{"phone": "17472822486", "body": "Hello" """)]
    [InlineData("/sendMessage", "[1, 2]")]
    [InlineData("/sendMessage", """{"phone": {"nested": 1}, "body": "Hello"}""")]
    [InlineData("/webhook", """{"webhookUrl": ["https://example.com"]}""")]
    public async Task AnyPath_WithoutTokenAndBadBody_Answers401NotBodyErrors(string path, string body)
    {
        var host = gateway.Host;

        var (status, json) = await host.SendAsync(HttpMethod.Post, path, JsonText(body));

        // A caller without the token learns nothing about the request: the token is checked first.
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        JsonAssert.IsLegacyError(json);
    }
}
