using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Testing;

namespace WaGrpc.Browser.Tests;

/// <summary>
/// Sending and receiving end to end through the public REST and gRPC surfaces, with the real
/// browser session on the sandbox stand-in and the phone API playing the contacts.
/// </summary>
public sealed class BrowserMessagingTests
{
    private const string Contact = "17472822486";
    private const string ContactChat = Contact + "@c.us";

    // A PNG signature and some bytes: the sandbox stores media as they come.
    private static readonly byte[] Photo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7))];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendMessage_WhileLoggedOut_IsDeliveredOnceAfterLogin(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.WaitForStatusAsync("got qr code");

        var (_, answer) = await live.Host.PostAsync("/sendMessage", new { phone = Contact, body = "queued before login" });
        await live.LinkAsync();
        var delivered = await live.WaitForDeliveredAsync(1);
        await TaskTimeoutExtensions.WaitUntilAsync(async () => (int)(await live.GetAsync("/showMessagesQueue"))["totalMessages"]! == 0, () => "an empty queue");
        await live.Host.RestartAsync();
        var afterRestart = await live.DeliveredAsync();

        Assert.Equal("Queued: the message will be sent after authorization", (string)answer!["message"]!);
        var message = Assert.Single(delivered)!;
        Assert.Equal((string)answer["id"]!, (string)message["id"]!);
        Assert.Matches("^true_17472822486@c.us_3EB0[0-9A-F]+$", (string)message["id"]!);
        Assert.Equal("queued before login", (string)message["body"]!);
        Assert.Single(afterRestart);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendMessage_ToALinkedId_ArrivesAtThatPerson_AndAcksKeepTheGatewaysId(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();
        var linkedId = WaGrpc.Sandbox.Network.SandboxLids.LidOf("17472822486") + "@lid";

        var (response, answer) = await live.Host.PostAsync("/sendMessage", new { chatId = linkedId, body = "by linked id" });
        var id = (string)answer!["id"]!;
        var acks = (await live.EventsUntilAsync(e => e.Ack?.Id == id && e.Ack.Status == "viewed", EventKind.Ack)).Where(e => e.Ack.Id == id).ToList();
        var delivered = await live.WaitForDeliveredAsync(1, ContactChat);
        var stored = (JsonArray)(await live.GetAsync("/messages?chatId=" + linkedId))["messages"]!;

        Assert.True(response.IsSuccessStatusCode);
        Assert.StartsWith("true_" + linkedId + "_3EB0", id, StringComparison.Ordinal);
        Assert.Equal("by linked id", (string)Assert.Single(delivered)!["body"]!);
        Assert.Equal(["sent", "delivered", "viewed"], acks.Select(a => a.Ack.Status).ToArray());
        Assert.Equal("viewed", (string)Assert.Single(stored, m => (string)m!["id"]! == id)!["ack"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Acks_StreamAsSentDeliveredViewed_WithTheQueueNumber(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();

        var (_, answer) = await live.Host.PostAsync("/sendMessage", new { chatId = ContactChat, body = "ack me" });
        var id = (string)answer!["id"]!;
        var acks = (await live.EventsUntilAsync(e => e.Ack?.Id == id && e.Ack.Status == "viewed", EventKind.Ack))
            .Where(e => e.Ack.Id == id).ToList();
        var stored = (JsonArray)(await live.GetAsync("/messages?chatId=" + ContactChat))["messages"]!;

        Assert.Equal(["sent", "delivered", "viewed"], acks.Select(a => a.Ack.Status).ToArray());
        Assert.All(acks, a => Assert.Equal((long)answer["queueNumber"]!, a.Ack.QueueNumber));
        var message = Assert.Single(stored, m => (string)m!["id"]! == id)!;
        Assert.Equal("viewed", (string)message["ack"]!);
        Assert.True((bool)message["fromMe"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendFile_ByUrlBase64AndMultipart_ArriveWithCaptions(bool lidAddressing)
    {
        await using var files = await FileServer.StartAsync(new Dictionary<string, (string, byte[])> { ["/photo.png"] = ("image/png", Photo) });
        // The test's file server is on loopback, which the gateway refuses to fetch from unless allowed.
        await using var live = await LiveGateway.StartAsync(new() { ["WaGrpc:Outbound:AllowedFetchHosts:0"] = "127.0.0.1" }, lidAddressing);
        await live.LinkAsync();

        await live.Host.PostAsync("/sendFile", new { chatId = ContactChat, body = new Uri(files.BaseUri, "/photo.png").ToString(), filename = "by-url.png", caption = "by url" });
        await live.Host.PostAsync("/sendFile", new { chatId = ContactChat, body = "data:image/png;base64," + Convert.ToBase64String(Photo), filename = "by-base64.png", caption = "by base64" });
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ContactChat), "chatId" },
            { new StringContent("by multipart"), "caption" },
        };
        var part = new ByteArrayContent(Photo);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(part, "body", "by-multipart.png");
        (await live.Host.Rest.PostAsync(live.Host.Url("/sendFile"), form)).EnsureSuccessStatusCode();

        var delivered = await live.WaitForDeliveredAsync(3, ContactChat);

        Assert.Equal(["by-url.png", "by-base64.png", "by-multipart.png"], delivered.Select(m => (string)m!["filename"]!).ToArray());
        Assert.Equal(["by url", "by base64", "by multipart"], delivered.Select(m => (string)m!["caption"]!).ToArray());
        Assert.All(delivered, m => Assert.Equal("image", (string)m!["type"]!));
        Assert.All(delivered, m => Assert.Equal("image/png", (string)m!["mimetype"]!));
        foreach (var message in delivered)
        {
            // What the recipient can download is exactly what was sent.
            var download = await live.Host.Rest.GetAsync((string)message!["directPath"]!);
            var bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.True(Photo.SequenceEqual(bytes), $"{delivered.ToJsonString()}: {(int)download.StatusCode} {bytes.Length} bytes {download.Content.Headers.ContentType}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Group_IsCreatedWithItsChatId_AndGetsTheFirstMessage(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();

        var (response, answer) = await live.Host.PostAsync("/group", new { groupName = "Browsers", phones = new[] { Contact, "17472822487" }, messageText = "Welcome!" });
        var chatId = (string)answer!["chatId"]!;
        var groups = (JsonArray)(await live.GetAsync("/sandbox/api/groups"))["groups"]!;
        var delivered = await live.WaitForDeliveredAsync(1, chatId);

        Assert.True(response.IsSuccessStatusCode);
        Assert.True((bool)answer["created"]!);
        Assert.EndsWith("@g.us", chatId, StringComparison.Ordinal);
        var group = Assert.Single(groups, g => (string)g!["id"]! == chatId)!;
        Assert.Equal("Browsers", (string)group["subject"]!);
        Assert.Contains("17472822486@c.us", group["participants"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("Welcome!", (string)Assert.Single(delivered)!["body"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendMessage_ToANumberNotOnWhatsApp_EndsAsAFailedQueueItemWithTheReason(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.Host.Rest.PutAsJsonAsync(live.Host.Url("/sandbox/api/settings"), new { unknownNumbers = new[] { "19995550000" } });
        await live.LinkAsync();

        await live.Host.PostAsync("/sendMessage", new { phone = "19995550000", body = "anyone?" });
        JsonNode? metadata = null;
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () =>
            {
                var item = (await live.GetAsync("/showMessagesQueue"))["first100"]!.AsArray().FirstOrDefault();
                metadata = item is null ? null : JsonNode.Parse((string)item["metadata"]!);
                return (string?)metadata?["state"] == "failed";
            },
            () => $"a failed queue item (have {metadata?.ToJsonString()})",
            LiveGateway.Patience);

        Assert.Contains("not on WhatsApp", (string)metadata!["error"]!, StringComparison.Ordinal);
        Assert.Empty(await live.DeliveredAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Incoming_TextAndMedia_ReachTheLogTheStreamAndTheMediaUrl(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();

        var (_, text) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, body = "Ok!", senderName = "Ilya" });
        var (_, media) = await live.Host.PostAsync("/sandbox/api/messages", new
        {
            from = Contact,
            body = "look at this",
            media = new { mimetype = "image/png", filename = "look.png", data = Convert.ToBase64String(Photo) },
        });
        var mediaId = (string)media!["id"]!;
        var streamed = (await live.EventsUntilAsync(e => e.Message?.Id == mediaId, EventKind.Message)).Select(e => e.Message).ToList();
        var stored = (JsonArray)(await live.GetAsync("/messages?chatId=" + ContactChat))["messages"]!;
        var storedMedia = Assert.Single(stored, m => (string)m!["id"]! == mediaId)!;
        var url = (string)storedMedia["body"]!;
        var download = await live.Host.Rest.GetAsync(live.Host.Url(new Uri(url).PathAndQuery));
        var anonymous = await live.Host.Rest.GetAsync(new Uri(url).PathAndQuery);

        var incoming = Assert.Single(streamed, m => m.Id == (string)text!["id"]!);
        Assert.Equal("Ok!", incoming.Body);
        Assert.Equal("Ilya", incoming.SenderName);
        Assert.False(incoming.FromMe);
        Assert.Equal(ContactChat, incoming.ChatId);
        Assert.Equal("image", (string)storedMedia["type"]!);
        Assert.Equal("look at this", (string)storedMedia["caption"]!);
        Assert.StartsWith(live.Host.RestUri.ToString().TrimEnd('/') + "/media/", url, StringComparison.Ordinal);
        Assert.Equal(url, streamed.Single(m => m.Id == mediaId).Body);
        Assert.Equal(Photo, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (int)anonymous.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Incoming_CiphertextFirst_IsReportedOnceReadable(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();

        var (_, sent) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, body = "secret", ciphertextFirst = true });
        var id = (string)sent!["id"]!;
        var streamed = (await live.EventsUntilAsync(e => e.Message?.Id == id, EventKind.Message)).Where(e => e.Message.Id == id).ToList();

        var message = Assert.Single(streamed).Message;
        Assert.Equal("chat", message.Type);
        Assert.Equal("secret", message.Body);
    }
}
