using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>GET/POST /webhook and /settings/ackNotificationsOn over REST.</summary>
public sealed class SettingsRestTests
{
    private static JsonObject AssertWebhook(JsonNode? json, bool set, string url)
    {
        var answer = JsonAssert.HasExactKeys(json, "set", "webhookUrl");
        JsonAssert.Kind(answer, "set", set ? JsonValueKind.True : JsonValueKind.False);
        Assert.Equal(url, answer["webhookUrl"]!.GetValue<string>());
        return answer;
    }

    private static void AssertAck(JsonNode? json, bool on)
    {
        var answer = JsonAssert.HasExactKeys(json, "set", "ackNotificationsOn");
        JsonAssert.Kind(answer, "set", JsonValueKind.True);
        JsonAssert.Kind(answer, "ackNotificationsOn", on ? JsonValueKind.True : JsonValueKind.False);
    }

    [Fact]
    public async Task Webhook_SetGetAndClear_AnswersSetAndUrl()
    {
        await using var host = await GatewayHost.StartAsync();

        var (_, initial) = await host.GetJsonAsync("/webhook");
        var (setResponse, set) = await host.PostJsonAsync("/webhook", """{"webhookUrl": "https://requestb.in/1f9aj261"}""");
        var (_, afterSet) = await host.GetJsonAsync("/webhook");
        var (_, cleared) = await host.PostJsonAsync("/webhook", """{"webhookUrl": ""}""");
        var (_, afterClear) = await host.GetJsonAsync("/webhook");

        AssertWebhook(initial, false, "");
        Assert.Equal(HttpStatusCode.OK, setResponse.StatusCode);
        AssertWebhook(set, true, "https://requestb.in/1f9aj261");
        AssertWebhook(afterSet, true, "https://requestb.in/1f9aj261");
        AssertWebhook(cleared, false, "");
        AssertWebhook(afterClear, false, "");
    }

    [Fact]
    public async Task Webhook_FormBody_IsAccepted()
    {
        await using var host = await GatewayHost.StartAsync();

        var (status, json) = await host.PostFormAsync("/webhook", ("webhookUrl", "http://example.com/hook"));

        Assert.Equal(HttpStatusCode.OK, status);
        AssertWebhook(json, true, "http://example.com/hook");
    }

    [Fact]
    public async Task AckNotifications_Get_AnswersCurrentSettingOnByDefault()
    {
        await using var host = await GatewayHost.StartAsync();

        var (response, json) = await host.GetJsonAsync("/settings/ackNotificationsOn");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertAck(json, on: true);
    }

    [Theory]
    [InlineData("POST", "json", """{"ackNotificationsOn": 0}""", false)]
    [InlineData("POST", "json", """{"ackNotificationsOn": 1}""", true)]
    [InlineData("POST", "json", """{"ackNotificationsOn": false}""", false)]
    [InlineData("POST", "json", """{"ackNotificationsOn": true}""", true)]
    [InlineData("POST", "json", """{"ackNotificationsOn": "0"}""", false)]
    [InlineData("POST", "json", """{"ackNotificationsOn": "true"}""", true)]
    [InlineData("POST", "form", "0", false)]
    [InlineData("POST", "form", "1", true)]
    [InlineData("POST", "form", "false", false)]
    [InlineData("POST", "form", "true", true)]
    [InlineData("GET", "query", "0", false)]
    [InlineData("GET", "query", "1", true)]
    [InlineData("GET", "query", "false", false)]
    [InlineData("GET", "query", "true", true)]
    public async Task AckNotifications_SwitchInAnyLegacyForm_IsStored(string method, string form, string value, bool expected)
    {
        await using var host = await GatewayHost.StartAsync();
        var (_, opposite) = await host.PostJsonAsync("/settings/ackNotificationsOn", $$"""{"ackNotificationsOn": {{(!expected ? "true" : "false")}}}""");
        AssertAck(opposite, on: !expected);

        var (status, json) = (method, form) switch
        {
            ("POST", "json") => await host.PostRawAsync("/settings/ackNotificationsOn", value),
            ("POST", "form") => await host.PostFormAsync("/settings/ackNotificationsOn", ("ackNotificationsOn", value)),
            _ => await host.SendAsync(HttpMethod.Get, host.Url($"/settings/ackNotificationsOn?ackNotificationsOn={value}")),
        };
        var (_, stored) = await host.GetJsonAsync("/settings/ackNotificationsOn");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertAck(json, expected);
        AssertAck(stored, expected);
    }
}
