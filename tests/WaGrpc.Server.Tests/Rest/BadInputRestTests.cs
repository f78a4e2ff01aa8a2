using System.Net;
using System.Text.Json;
using WaGrpc.Testing;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>
/// Bad input gets a clear legacy 400, stores nothing, consumes no queue number and leaves the server up.
/// The cases that only look share one gateway.
/// </summary>
public sealed class BadInputRestTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    /// <summary>path, raw JSON body, a word the error names.</summary>
    public static TheoryData<string, string, string> BadPosts => new()
    {
        { "/sendMessage", """{"phone": "+1", "body": "Hello"}""", "phone" },
        { "/sendMessage", """{"phone": "+17472822486", "body": "Hello"}""", "phone" },
        { "/sendMessage", """{"phone": "abc", "body": "Hello"}""", "phone" },
        { "/sendMessage", """{"phone": "12345", "body": "Hello"}""", "phone" },
        { "/sendMessage", """{"phone": "1747282248612345678", "body": "Hello"}""", "phone" },
        { "/sendMessage", """{"chatId": "hello@c.us", "body": "Hello"}""", "chatId" },
        { "/sendMessage", """{"chatId": "17472822486@s.whatsapp.net", "body": "Hello"}""", "chatId" },
        { "/sendMessage", """{"chatId": "17472822486", "body": "Hello"}""", "chatId" },
        { "/sendMessage", "", "phone" },
        { "/sendMessage", "{}", "phone" },
        { "/sendMessage", """{"phone": "17472822486", "body": "Hello" """, "JSON" },
        { "/sendMessage", """{"phone": 17472822486 "body": "Hello"}""", "JSON" },
        { "/sendMessage", """[{"phone": "17472822486", "body": "Hello"}]""", "object" },
        { "/sendMessage", "null", "object" },
        { "/sendMessage", "\"Hello\"", "object" },
        { "/sendMessage", """{"phone": "17472822486"}""", "body" },
        { "/sendMessage", """{"phone": "17472822486", "body": ""}""", "body" },
        { "/sendMessage", """{"phone": "17472822486", "body": "   "}""", "body" },
        { "/sendMessage", """{"body": "Hello"}""", "phone" },
        { "/sendMessage", """{"phone": "17472822486", "body": "Hello", "mentionedPhones": ["+1"]}""", "mentionedPhones" },
        { "/sendFile", """{"phone": "17472822486", "body": "ftp://example.com/cover.jpg", "filename": "cover.jpg"}""", "body" },
        { "/sendFile", """{"phone": "17472822486", "body": "cover.jpg", "filename": "cover.jpg"}""", "body" },
        { "/sendFile", """{"phone": "17472822486", "body": "data:image/png;base64,@@not base64@@", "filename": "a.png"}""", "base64" },
        { "/sendFile", """{"phone": "17472822486", "body": "data:image/png,rawdata", "filename": "a.png"}""", "base64" },
        { "/sendFile", """{"phone": "17472822486", "body": "data:image/png;base64,", "filename": "a.png"}""", "empty" },
        { "/sendFile", """{"phone": "17472822486", "body": "https://example.com/cover.jpg"}""", "filename" },
        { "/sendFile", """{"phone": "17472822486", "body": "https://example.com/cover.jpg", "filename": ""}""", "filename" },
        { "/sendFile", """{"phone": "17472822486", "filename": "cover.jpg"}""", "body" },
        { "/sendFile", """{"phone": "+1", "body": "https://example.com/cover.jpg", "filename": "cover.jpg"}""", "phone" },
        { "/group", """{"phones": ["17472822486"], "messageText": "Hi"}""", "groupName" },
        { "/group", """{"groupName": "  ", "phones": ["17472822486"]}""", "groupName" },
        { "/group", """{"groupName": "Browsers", "messageText": "Hi"}""", "phones" },
        { "/group", """{"groupName": "Browsers", "phones": []}""", "phones" },
        { "/group", """{"groupName": "Browsers", "phones": ["17472822486", "+1"]}""", "phones" },
        { "/group", """{"groupName": "Browsers", "chatIds": ["79680561234-1479621234@g.us"]}""", "chatIds" },
        { "/group", "", "groupName" },
        { "/webhook", """{"webhookUrl": "ftp://example.com/hook"}""", "webhookUrl" },
        { "/webhook", """{"webhookUrl": "requestb.in/1f9aj261"}""", "webhookUrl" },
        { "/webhook", """{"webhookUrl": "javascript:alert(1)"}""", "webhookUrl" },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task Post_BadInput_Answers400LegacyErrorAndStoresNothing(string path, string body, string named)
    {
        // It then queues a valid message and expects number 1: a gateway of its own.
        await using var host = await GatewayHost.StartAsync();

        var (status, json) = await host.PostRawAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, JsonAssert.IsLegacyError(json), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("""{"totalMessages":0,"first100":[]}""", (await host.QueueAsync()).ToJsonString());
        var (_, webhook) = await host.GetJsonAsync("/webhook");
        JsonAssert.Kind(webhook, "set", JsonValueKind.False);
        await host.AssertStillUpAsync();
        var (_, next) = await host.PostJsonAsync("/sendMessage", """{"phone": "17472822486", "body": "Valid"}""");
        Assert.Equal(1, AssertQueuedAnswer(next, ChatId));
    }

    [Fact]
    public async Task SendFile_MultipartWithoutFilenameOrFile_Answers400()
    {
        var host = gateway.Host;
        using var form = new MultipartFormDataContent { { new StringContent(Phone), "phone" }, { new StringContent("caption"), "caption" } };

        var (status, json) = await host.SendAsync(HttpMethod.Post, host.Url("/sendFile"), form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        JsonAssert.IsLegacyError(json);
        Assert.Equal(0, (await host.QueueAsync())["totalMessages"]!.GetValue<long>());
        await host.AssertStillUpAsync();
    }

    [Theory]
    [InlineData("/messages?limit=-1", "limit")]
    [InlineData("/messages?limit=abc", "")] // the transcoding's own message: "The input string 'abc' was not in a correct format."
    [InlineData("/messages?lastMessageNumber=-5", "lastMessageNumber")]
    [InlineData("/messages?chatId=not-a-chat", "chatId")]
    [InlineData("/messages?chatId=17472822486", "chatId")]
    [InlineData("/messages?min_time=2000&max_time=1000", "min_time")]
    [InlineData("/events?afterCursor=-1", "afterCursor")]
    [InlineData("/events?chatId=nope", "chatId")]
    public async Task Get_BadQuery_Answers400LegacyError(string pathAndQuery, string named)
    {
        var host = gateway.Host;

        var (status, json) = await host.SendAsync(HttpMethod.Get, host.Url(pathAndQuery), stream: true);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, JsonAssert.IsLegacyError(json), StringComparison.OrdinalIgnoreCase);
        await host.AssertStillUpAsync();
    }

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("POST", "/nope")]
    [InlineData("GET", "/")]
    public async Task UnknownPath_Answers404LegacyError(string method, string path)
    {
        var host = gateway.Host;

        var (status, json) = await host.SendAsync(new HttpMethod(method), host.Url(path), method == "POST" ? JsonText("{}") : null);

        Assert.Equal(HttpStatusCode.NotFound, status);
        JsonAssert.IsLegacyError(json);
    }

    [Theory]
    [InlineData("GET", "/sendMessage")]
    [InlineData("GET", "/logout")]
    [InlineData("POST", "/status")]
    [InlineData("DELETE", "/webhook")]
    [InlineData("PUT", "/sendMessage")]
    public async Task WrongMethod_Answers405LegacyError(string method, string path)
    {
        var host = gateway.Host;

        var (status, json) = await host.SendAsync(new HttpMethod(method), host.Url(path), method is "POST" or "PUT" ? JsonText("{}") : null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        JsonAssert.IsLegacyError(json);
        Assert.Equal(0, (await host.QueueAsync())["totalMessages"]!.GetValue<long>());
    }
}
