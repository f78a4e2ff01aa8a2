using System.Net;
using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>
/// The OpenAPI document lists every legacy path with its parameters and answer shapes, and Swagger UI shows it.
/// Reading the document changes nothing: the tests share one gateway, but the one in sandbox mode.
/// </summary>
public sealed class OpenApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    // Every path of reference/legacy-api.md and reference/legacy-api-later.md, with its method.
    public static TheoryData<string, string> LegacyPaths() => new()
    {
        { "get", "/status" }, { "get", "/qr_code" }, { "post", "/logout" }, { "post", "/reboot" },
        { "post", "/sendMessage" }, { "post", "/sendFile" }, { "get", "/messages" }, { "post", "/webhook" },
        { "get", "/webhook" }, { "get", "/showMessagesQueue" }, { "post", "/clearMessagesQueue" }, { "post", "/group" },
        { "get", "/dialogs" }, { "get", "/instanceStatuses" }, { "get", "/settings" }, { "post", "/settings" },
        { "get", "/showActionsQueue" }, { "post", "/clearActionsQueue" }, { "get", "/webhookStatus" },
        { "post", "/addGroupParticipant" }, { "post", "/removeGroupParticipant" }, { "post", "/promoteGroupParticipant" },
        { "post", "/demoteGroupParticipant" }, { "post", "/expiry" }, { "post", "/retry" }, { "post", "/takeover" },
        { "post", "/forwardMessage" }, { "post", "/readChat" }, { "post", "/sendContact" }, { "post", "/sendLink" },
        { "post", "/sendLocation" }, { "post", "/sendPTT" }, { "post", "/sendVCard" }, { "get", "/checkPhone" },
        { "get", "/media/{id}" },
    };

    private static async Task<JsonNode> DocumentAsync(GatewayHost host)
    {
        using var anonymous = new HttpClient { BaseAddress = host.RestUri };
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Theory]
    [MemberData(nameof(LegacyPaths))]
    public async Task Document_WithoutToken_ListsTheLegacyPath_WithItsAnswerAndTheLegacyError(string method, string path)
    {
        var host = gateway.Host;

        var operation = (await DocumentAsync(host))["paths"]?[path]?[method];

        Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is not in the document");
        Assert.NotNull(operation["responses"]!["200"]);
        Assert.Equal("#/components/schemas/LegacyError", (string?)operation["responses"]!["400"]!["content"]!["application/json"]!["schema"]!["$ref"]);
    }

    [Fact]
    public async Task Document_DescribesParametersAndBodies_FromTheProtos_AndTheTokenSchemes()
    {
        await using var host = await GatewayHost.StartAsync(new() { ["WaGrpc:Sandbox"] = "true" });

        var doc = await DocumentAsync(host);

        var messages = doc["paths"]!["/messages"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToList();
        Assert.Subset(new HashSet<string>(messages), new HashSet<string> { "lastMessageNumber", "last", "chatId", "limit", "min_time", "max_time" });
        Assert.EndsWith("/SendMessageRequest", (string)doc["paths"]!["/sendMessage"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!, StringComparison.Ordinal);
        var send = doc["components"]!["schemas"]!["SendMessageRequest"]!["properties"]!;
        Assert.Contains("country code first", (string)send["phone"]!["description"]!, StringComparison.Ordinal);
        Assert.NotNull(send["chatId"]);
        Assert.NotNull(send["body"]);
        Assert.Equal("token", (string)doc["components"]!["securitySchemes"]!["token"]!["name"]!);
        Assert.Equal("query", (string)doc["components"]!["securitySchemes"]!["token"]!["in"]!);
        // The sandbox's phone API is documented in docs/sandbox.md, not in the product's document.
        Assert.DoesNotContain(doc["paths"]!.AsObject(), p => p.Key.StartsWith("/sandbox", StringComparison.Ordinal));
        // Nor is the dashboard: a page, not part of the API.
        Assert.DoesNotContain(doc["paths"]!.AsObject(), p => p.Key.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwaggerUi_WithoutToken_ServesThePageThatLoadsTheDocument()
    {
        var host = gateway.Host;
        using var anonymous = new HttpClient { BaseAddress = host.RestUri };

        using var page = await anonymous.GetAsync("/swagger/index.html");
        using var config = await anonymous.GetAsync("/swagger/index.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", await config.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
