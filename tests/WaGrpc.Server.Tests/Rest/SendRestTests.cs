using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>POST /sendMessage, /sendFile and /group over REST.</summary>
public sealed class SendRestTests
{
    // A 1x1 transparent PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task SendMessage_WithPhoneNotAuthenticated_QueuesAndAnswersLegacyShape()
    {
        await using var host = await GatewayHost.StartAsync();

        var (response, json) = await host.PostJsonAsync("/sendMessage", """{"phone": "17472822486", "body": "Hello, world! 🍏"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var queueNumber = AssertQueuedAnswer(json, ChatId);
        Assert.Equal(1, queueNumber);
        var queue = await host.QueueAsync();
        Assert.Equal(1, queue["totalMessages"]!.GetValue<long>());
        var item = Assert.Single(queue["first100"]!.AsArray());
        JsonAssert.Kind(item, "last_try", JsonValueKind.Null);
        var metadata = AssertQueueItem(item, 1, "Hello, world! 🍏", "text", ChatId);
        Assert.Equal(json!["id"]!.GetValue<string>(), metadata["messageId"]!.GetValue<string>());
        Assert.Empty(host.Engine.Sent);
    }

    [Fact]
    public async Task SendMessage_WithChatId_QueuesForThatChatWithNextNumber()
    {
        await using var host = await GatewayHost.StartAsync();
        const string group = "79680561234-1479621234@g.us";

        var (_, first) = await host.PostJsonAsync("/sendMessage", """{"chatId": "17472822486@c.us", "body": "Hello, world!"}""");
        var (response, second) = await host.PostJsonAsync("/sendMessage", $$"""{"chatId": "{{group}}", "body": "Hi group"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, AssertQueuedAnswer(first, ChatId));
        Assert.Equal(2, AssertQueuedAnswer(second, group));
        var items = (await host.QueueAsync())["first100"]!.AsArray();
        Assert.Equal(2, items.Count);
        AssertQueueItem(items[0], 1, "Hello, world!", "text", ChatId);
        AssertQueueItem(items[1], 2, "Hi group", "text", group);
    }

    [Fact]
    public async Task SendMessage_Authenticated_AnswersOkAndReachesEngineUnderAnsweredId()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (_, json) = await host.PostJsonAsync("/sendMessage", """{"phone": "17472822486", "body": "Hello"}""");
        var sent = await host.Engine.NextSendAsync();

        var queueNumber = AssertQueuedAnswer(json, ChatId, authenticated: true);
        Assert.Equal(queueNumber, sent.QueueNumber);
        Assert.Equal(ChatId, sent.ChatId);
        Assert.Equal("Hello", sent.Body);
        Assert.Null(sent.File);
        Assert.Equal($"true_{ChatId}_{sent.KeyId}", json!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendMessage_BodyWithSurroundingWhitespace_IsQueuedAndSentUnchanged()
    {
        await using var host = await GatewayHost.StartAsync();
        const string text = "  1. indented\n2. list\n\n";

        await host.PostAsync("/sendMessage", new { phone = Phone, body = text });
        var item = Assert.Single((await host.QueueAsync())["first100"]!.AsArray());
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(text, item!["body"]!.GetValue<string>());
        Assert.Equal(text, sent.Body);
    }

    [Fact]
    public async Task SendFile_HttpUrl_QueuesTheUrl()
    {
        await using var host = await GatewayHost.StartAsync();
        const string url = "https://upload.wikimedia.org/wikipedia/ru/3/33/NatureCover2001.jpg";

        var (response, json) = await host.PostJsonAsync(
            "/sendFile", $$"""{"chatId": "17472822486@c.us", "body": "{{url}}", "filename": "cover.jpg", "caption": "Nature"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, AssertQueuedAnswer(json, ChatId));
        var queue = await host.QueueAsync();
        var metadata = AssertQueueItem(Assert.Single(queue["first100"]!.AsArray()), 1, url, "file", ChatId);
        Assert.Equal("cover.jpg", metadata["filename"]!.GetValue<string>());
        Assert.Equal("Nature", metadata["caption"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendFile_Base64DataUri_ReachesEngineWithBytesMimeFilenameAndCaption()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);

        var (response, json) = await host.PostAsync("/sendFile", new
        {
            phone = Phone,
            body = "data:image/png;base64," + Convert.ToBase64String(Png),
            filename = "4x4pixel.png",
            caption = "A pixel",
        });
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent.QueueNumber, AssertQueuedAnswer(json, ChatId, authenticated: true));
        Assert.Equal(ChatId, sent.ChatId);
        Assert.Equal("A pixel", sent.Body);
        Assert.NotNull(sent.File);
        Assert.Equal("4x4pixel.png", sent.File.Filename);
        Assert.Equal("image/png", sent.File.MimeType);
        Assert.Equal(Png, sent.File.Content.ToArray());
    }

    [Fact]
    public async Task SendFile_MultipartFileField_ReachesEngineWithBytesMimeFilenameAndCaption()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        // curl -F phone=17472822486 -F caption=... -F body=@photo.png
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Phone), "phone" },
            { new StringContent("Uploaded 🍏"), "caption" },
        };
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "body", "photo.png");

        var (status, json) = await host.SendAsync(HttpMethod.Post, host.Url("/sendFile"), form);
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(sent.QueueNumber, AssertQueuedAnswer(json, ChatId, authenticated: true));
        Assert.Equal("Uploaded 🍏", sent.Body);
        Assert.NotNull(sent.File);
        Assert.Equal("photo.png", sent.File.Filename);
        Assert.Equal("image/png", sent.File.MimeType);
        Assert.Equal(Png, sent.File.Content.ToArray());
    }

    [Fact]
    public async Task SendFile_MultipartFileWithoutKnownType_TakesMimeFromFilename()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        // curl -F body=@clip.mp4 sends the part as application/octet-stream (curl only knows a few extensions).
        using var form = new MultipartFormDataContent { { new StringContent(Phone), "phone" } };
        var file = new ByteArrayContent([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "body", "clip.mp4");

        var (status, _) = await host.SendAsync(HttpMethod.Post, host.Url("/sendFile"), form);
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("clip.mp4", sent.File!.Filename);
        // As for a file given by URL (FileFetcher): an unknown type is guessed from the file name.
        Assert.Equal("video/mp4", sent.File.MimeType);
    }

    [Fact]
    public async Task Group_NotAuthenticated_AnswersCreatedWithoutChatIdAndQueuesIt()
    {
        await using var host = await GatewayHost.StartAsync();

        var (response, json) = await host.PostJsonAsync(
            "/group", """{"phones": ["17472822486", "79680565372"], "messageText": "Safari is the new IE", "groupName": "Browsers"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonAssert.HasExactKeys(json, "created", "message");
        JsonAssert.Kind(answer, "created", JsonValueKind.True);
        Assert.Contains("Browsers", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("""{"totalMessages":0,"first100":[]}""", (await host.QueueAsync()).ToJsonString());
        var actions = await host.GetOkJsonAsync("/showActionsQueue");
        var item = JsonAssert.HasExactKeys(Assert.Single(actions["first100"]!.AsArray()), "id", "type", "lastTry", "jsonData");
        Assert.Equal("create group", item["type"]!.GetValue<string>());
        var metadata = JsonNode.Parse(item["jsonData"]!.GetValue<string>())!;
        Assert.Equal("Browsers", metadata["groupName"]!.GetValue<string>());
        Assert.Equal("Safari is the new IE", metadata["messageText"]!.GetValue<string>());
        Assert.Equal("""["17472822486@c.us","79680565372@c.us"]""", metadata["participants"]!.ToJsonString());
        Assert.Empty(host.Engine.Groups);
    }

    [Fact]
    public async Task Group_Authenticated_AnswersGroupChatIdAndSendsFirstMessage()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (response, json) = await host.PostJsonAsync(
            "/group", """{"phones": ["17472822486"], "messageText": "Welcome", "groupName": "Browsers"}""");
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonAssert.HasExactKeys(json, "created", "message", "chatId", "groupInviteLink");
        JsonAssert.Kind(answer, "created", JsonValueKind.True);
        var groupId = answer["chatId"]!.GetValue<string>();
        Assert.EndsWith("@g.us", groupId, StringComparison.Ordinal);
        Assert.Equal("https://chat.whatsapp.com/Invite1", answer["groupInviteLink"]!.GetValue<string>());
        var group = Assert.Single(host.Engine.Groups);
        Assert.Equal("Browsers", group.Name);
        Assert.Equal([ChatId], group.Participants);
        Assert.Equal(groupId, sent.ChatId);
        Assert.Equal("Welcome", sent.Body);
    }

    [Fact]
    public async Task SendMessage_FormUrlEncoded_IsAcceptedLikeJson()
    {
        await using var host = await GatewayHost.StartAsync();

        var (status, json) = await host.PostFormAsync("/sendMessage", ("phone", Phone), ("body", "Hello, form! 🍏"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, AssertQueuedAnswer(json, ChatId));
        AssertQueueItem(Assert.Single((await host.QueueAsync())["first100"]!.AsArray()), 1, "Hello, form! 🍏", "text", ChatId);
    }

    [Fact]
    public async Task SendMessage_NumericPhone_IsAcceptedAsDigits()
    {
        await using var host = await GatewayHost.StartAsync();

        var (response, json) = await host.PostJsonAsync("/sendMessage", """{"phone": 17472822486, "body": "Hello"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, AssertQueuedAnswer(json, ChatId));
    }

    [Theory]
    [InlineData("""{"groupName": "Browsers", "phones": [17472822486, 79680565372]}""")]
    [InlineData("""{"groupName": "Browsers", "phones": "17472822486,79680565372"}""")]
    public async Task Group_PhonesAsNumbersOrList_AreAccepted(string body)
    {
        await using var host = await GatewayHost.StartAsync();

        var (response, json) = await host.PostJsonAsync("/group", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.HasExactKeys(json, "created", "message");
        var item = Assert.Single((await host.GetOkJsonAsync("/showActionsQueue"))["first100"]!.AsArray());
        var metadata = JsonNode.Parse(item!["jsonData"]!.GetValue<string>())!;
        Assert.Equal("""["17472822486@c.us","79680565372@c.us"]""", metadata["participants"]!.ToJsonString());
    }

    [Fact]
    public async Task Group_FormUrlEncodedCommaSeparatedPhones_AreAccepted()
    {
        await using var host = await GatewayHost.StartAsync();

        // Swagger-generated form clients send arrays as csv: phones=17472822486,79680565372
        var (status, json) = await host.PostFormAsync("/group", ("groupName", "Browsers"), ("phones", "17472822486,79680565372"), ("messageText", "Hi"));

        Assert.Equal(HttpStatusCode.OK, status);
        JsonAssert.HasExactKeys(json, "created", "message");
        var item = Assert.Single((await host.GetOkJsonAsync("/showActionsQueue"))["first100"]!.AsArray());
        var metadata = JsonNode.Parse(item!["jsonData"]!.GetValue<string>())!;
        Assert.Equal("""["17472822486@c.us","79680565372@c.us"]""", metadata["participants"]!.ToJsonString());
    }
}
