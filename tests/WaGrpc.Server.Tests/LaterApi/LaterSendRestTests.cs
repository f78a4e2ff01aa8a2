using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Testing;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>
/// The later API's sends over REST on a gateway with the test engine: the legacy answer, the queue
/// entry (committed before the answer, shown in /showMessagesQueue), what the engine is asked to
/// send under the answered id, and the row /messages then shows (type and body of the later API).
/// </summary>
public sealed class LaterSendRestTests
{
    private const string Vcard = "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;;;\nFN:Jane Doe\nTEL;type=CELL;waid=4915112345678:+49 151 12345678\nEND:VCARD";

    // A 1x1 PNG, and a few bytes standing for an Ogg Opus voice note ("OggS" first).
    private const string PngUri = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private static readonly byte[] Ogg = [0x4F, 0x67, 0x67, 0x53, .. Enumerable.Range(0, 500).Select(i => (byte)i)];

    /// <summary>path, JSON body (to the contact), queue type, queue body ("*": any).</summary>
    public static TheoryData<string, string, string, string> Sends => new()
    {
        { "/sendLocation", """{"lat": 51.5074, "lng": -0.1278, "address": "Trafalgar Square\nLondon"}""", "location", "51.5074;-0.1278" },
        { "/sendContact", """{"contactId": "4915112345678@c.us"}""", "contact", "4915112345678@c.us" },
        { "/sendContact", """{"contactId": ["4915112345678@c.us", "79680561234"]}""", "contact", "4915112345678@c.us,79680561234@c.us" },
        { "/sendVCard", JsonSerializer.Serialize(new { vcard = Vcard }), "vcard", Vcard },
        { "/sendLink", JsonSerializer.Serialize(new { body = "https://example.com/a?b=1", title = "Example", description = "An example page", previewBase64 = PngUri }), "link", "https://example.com/a?b=1" },
        { "/sendPTT", JsonSerializer.Serialize(new { audio = "data:audio/ogg;base64," + Convert.ToBase64String(Ogg) }), "ptt", "voice.ogg" },
        { "/forwardMessage", """{"messageId": "false_79680561234@c.us_3A0123456789ABCDEF01"}""", "forward", "false_79680561234@c.us_3A0123456789ABCDEF01" },
    };

    [Theory]
    [MemberData(nameof(Sends))]
    public async Task Send_QueuesBeforeTheAnswer_InTheLegacyShape_AndIsListed(string path, string body, string queueType, string queueBody)
    {
        await using var host = await GatewayHost.StartAsync();

        var (status, json) = await host.PostRawAsync(path + "?instanceId=123", AddPhone(body));
        var queue = await host.QueueAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        var queueNumber = AssertQueuedAnswer(json, ChatId);
        var item = Assert.Single(queue["first100"]!.AsArray());
        var metadata = AssertQueueItem(item, queueNumber, queueBody, queueType, ChatId);
        Assert.Equal(json!["id"]!.GetValue<string>(), metadata["messageId"]!.GetValue<string>());
        Assert.Empty(host.Engine.Sent);
    }

    [Fact]
    public async Task SendLocation_FormEncoded_WithPhoneAsJsonNumberElsewhere_ReachesTheEngineAndTheLog()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (status, json) = await host.PostFormAsync("/sendLocation", ("phone", Phone), ("lat", "-33.8568"), ("lng", "151.2153"), ("address", "Sydney Opera House"));
        var sent = await host.Engine.NextSendAsync();
        var row = await LoggedAsync(host, json!["id"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new OutboundLocation(-33.8568, 151.2153, "Sydney Opera House"), sent.Content);
        Assert.Equal("location", (string)row["type"]!);
        Assert.Equal("-33.8568;151.2153", (string)row["body"]!);
    }

    [Fact]
    public async Task SendVCard_AndContacts_AreLoggedAsVcardsWithTheCardText()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (_, card) = await host.PostAsync("/sendVCard", new { phone = 17472822486, vcard = Vcard });
        var (_, contacts) = await host.PostAsync("/sendContact", new { phone = 17472822486, contactId = "4915112345678@c.us" });
        var sentCard = await host.Engine.NextSendAsync();
        var sentContacts = await host.Engine.NextSendAsync();
        var cardRow = await LoggedAsync(host, (string)card!["id"]!);
        var contactsRow = await LoggedAsync(host, (string)contacts!["id"]!);

        Assert.Equal(new OutboundVCard(Vcard, "Jane Doe"), sentCard.Content);
        Assert.Equal(["4915112345678@c.us"], Assert.IsType<OutboundContacts>(sentContacts.Content).ContactIds);
        Assert.Equal(("vcard", Vcard), ((string)cardRow["type"]!, (string)cardRow["body"]!));
        Assert.Equal("vcard", (string)contactsRow["type"]!);
        Assert.Contains("waid=4915112345678", (string)contactsRow["body"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendLink_CarriesTheGivenPreview_AndIsLoggedAsText()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (_, json) = await host.PostAsync("/sendLink", new { phone = Phone, body = "https://example.com/", title = "T", description = "D", previewBase64 = PngUri });
        var sent = await host.Engine.NextSendAsync();
        var row = await LoggedAsync(host, (string)json!["id"]!);

        Assert.Equal("https://example.com/", sent.Body);
        Assert.Equal(new OutboundLink("T", "D", PngUri["data:image/png;base64,".Length..]), sent.Content);
        Assert.Equal(("chat", "https://example.com/"), ((string)row["type"]!, (string)row["body"]!));
    }

    [Fact]
    public async Task SendPtt_IsAVoiceNote_LoggedAsPttWithADownloadLink()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (_, json) = await host.PostAsync("/sendPTT", new { phone = Phone, audio = "data:audio/ogg;base64," + Convert.ToBase64String(Ogg) });
        var sent = await host.Engine.NextSendAsync();
        var row = await LoggedAsync(host, (string)json!["id"]!);
        var download = await host.Rest.GetAsync(host.Url(new Uri((string)row["body"]!).PathAndQuery)).DefaultTimeout();

        Assert.IsType<OutboundVoiceNote>(sent.Content);
        Assert.Equal("audio/ogg; codecs=opus", sent.File!.MimeType);
        Assert.Equal(Ogg, sent.File.Content.ToArray());
        Assert.Equal("ptt", (string)row["type"]!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Ogg, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task SendFile_IsLoggedWithADownloadLinkAsBody_AndTheCaptionApart()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (_, json) = await host.PostAsync("/sendFile", new { phone = Phone, body = PngUri, filename = "dot.png", caption = "a dot" });
        await host.Engine.NextSendAsync();
        var row = await LoggedAsync(host, (string)json!["id"]!);
        var download = await host.Rest.GetAsync(host.Url(new Uri((string)row["body"]!).PathAndQuery)).DefaultTimeout();

        Assert.Equal("image", (string)row["type"]!);
        Assert.Equal("a dot", (string)row["caption"]!);
        Assert.Contains("/media/", (string)row["body"]!, StringComparison.Ordinal);
        Assert.Equal(Convert.FromBase64String(PngUri["data:image/png;base64,".Length..]), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ForwardMessage_OfSeveral_QueuesOneEntryEach_AndLogsTheOriginalsContent()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        var original = new WaMessage { Id = "false_79680561234@c.us_3A0123456789ABCDEF01", ChatId = "79680561234@c.us", Body = "worth sharing", Author = "79680561234@c.us", Time = 1_700_000_000 };
        await host.Engine.EmitAsync(new MessageFact(original));

        var (_, json) = await host.PostAsync("/forwardMessage", new { chatId = ChatId, messageId = new[] { original.Id, "false_79680561234@c.us_3A0123456789ABCDEF02" } });
        var first = await host.Engine.NextSendAsync();
        var second = await host.Engine.NextSendAsync();
        var row = await LoggedAsync(host, (string)json!["id"]!);

        AssertQueuedAnswer(json, ChatId, authenticated: true);
        Assert.Equal(first.QueueNumber + 1, second.QueueNumber);
        Assert.Equal(new OutboundForward(original.Id), first.Content);
        Assert.Equal(new OutboundForward("false_79680561234@c.us_3A0123456789ABCDEF02"), second.Content);
        Assert.Equal(("chat", "worth sharing"), ((string)row["type"]!, (string)row["body"]!));
    }

    [Fact]
    public async Task Reply_CarriesTheQuotedMessagesBody()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        var original = new WaMessage { Id = "false_17472822486@c.us_3A0123456789ABCDEF01", ChatId = ChatId, Body = "are you there?", Author = ChatId, Time = 1_700_000_000 };
        await host.Engine.EmitAsync(new MessageFact(original));

        var (_, json) = await host.PostAsync("/sendMessage", new { phone = Phone, body = "yes", quotedMsgId = original.Id });
        await host.Engine.NextSendAsync();
        var row = await LoggedAsync(host, (string)json!["id"]!);

        Assert.Equal(original.Id, (string)row["quotedMsgId"]!);
        Assert.Equal("are you there?", (string)row["quotedMsgBody"]!);
    }

    private static string AddPhone(string body) => "{\"phone\": 17472822486, " + body.TrimStart()[1..];

    // The row /messages shows for a message id, once the queue wrote it.
    private static async Task<JsonObject> LoggedAsync(GatewayHost host, string id)
    {
        JsonObject? found = null;
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (found = (await host.GetOkJsonAsync("/messages?chatId=" + id.Split('_')[1]))["messages"]!.AsArray().OfType<JsonObject>().FirstOrDefault(m => (string)m["id"]! == id)) is not null,
            () => "the row of " + id);
        return found!;
    }
}
