using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>
/// The later API's sends end to end: through the queue, the real browser and the unmodified wa-js
/// on the sandbox stand-in, to what the recipient got on the simulated network; and incoming
/// locations, cards and replies as /messages shows them.
/// </summary>
public sealed class LaterSendBrowserTests
{
    private const string Contact = "17472822486";
    private const string ContactChat = Contact + "@c.us";
    private const string Other = "79680561234";
    private const string Vcard = "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;;;\nFN:Jane Doe\nTEL;type=CELL;waid=4915112345678:+4915112345678\nEND:VCARD";
    private const string Jpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAARCAABAAEDASIAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAUAQEAAAAAAAAAAAAAAAAAAAAA/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AKp//2Q==";
    private static readonly byte[] Ogg = [0x4F, 0x67, 0x67, 0x53, .. Enumerable.Range(0, 2000).Select(i => (byte)(i * 13))];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EachSend_ArrivesAsItsWhatsAppType_WithItsContent(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();

        var location = await SendAsync(live, "/sendLocation", new { phone = Contact, lat = 51.5074, lng = -0.1278, address = "Trafalgar Square\nLondon" });
        var contact = await SendAsync(live, "/sendContact", new { phone = Contact, contactId = Other + "@c.us" });
        var contacts = await SendAsync(live, "/sendContact", new { phone = Contact, contactId = new[] { Other + "@c.us", "4915112345678@c.us" } });
        var vcard = await SendAsync(live, "/sendVCard", new { phone = Contact, vcard = Vcard });
        var link = await SendAsync(live, "/sendLink", new { phone = Contact, body = "https://example.com/post", title = "A post", description = "Worth reading", previewBase64 = "data:image/jpeg;base64," + Jpeg });
        var ptt = await SendAsync(live, "/sendPTT", new { phone = Contact, audio = "data:audio/ogg;base64," + Convert.ToBase64String(Ogg) });
        var delivered = await live.WaitForDeliveredAsync(6, ContactChat);
        JsonObject Got(string id) => (JsonObject)Assert.Single(delivered, m => (string)m!["id"]! == id)!;
        var logged = await LoggedAsync(live, ptt, ContactChat);

        Assert.Equal(("location", 51.5074, -0.1278, "Trafalgar Square\nLondon"), ((string)Got(location)["type"]!, (double)Got(location)["lat"]!, (double)Got(location)["lng"]!, (string)Got(location)["address"]!));
        Assert.Equal("vcard", (string)Got(contact)["type"]!);
        Assert.Contains("waid=" + Other, (string)Got(contact)["body"]!, StringComparison.Ordinal);
        Assert.Equal("multi_vcard", (string)Got(contacts)["type"]!);
        Assert.Equal(2, Got(contacts)["vcards"]!.AsArray().Count);
        Assert.Equal(("vcard", Vcard, "Jane Doe"), ((string)Got(vcard)["type"]!, (string)Got(vcard)["body"]!, (string)Got(vcard)["vcardName"]!));
        Assert.Equal(("chat", "https://example.com/post", "url", "A post", "Worth reading", Jpeg),
            ((string)Got(link)["type"]!, (string)Got(link)["body"]!, (string)Got(link)["subtype"]!, (string)Got(link)["title"]!, (string)Got(link)["description"]!, (string)Got(link)["thumbnail"]!));
        Assert.Equal("ptt", (string)Got(ptt)["type"]!);
        Assert.StartsWith("audio/ogg", (string)Got(ptt)["mimetype"]!, StringComparison.Ordinal);
        Assert.Equal(("location", "51.5074;-0.1278"), ((string)logged[location]["type"]!, (string)logged[location]["body"]!));
        Assert.Equal(("vcard", Vcard), ((string)logged[vcard]["type"]!, (string)logged[vcard]["body"]!));
        Assert.Contains("waid=" + Other, (string)logged[contact]["body"]!, StringComparison.Ordinal);
        Assert.Equal("ptt", (string)logged[ptt]["type"]!);
        Assert.Contains("/media/", (string)logged[ptt]["body"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forward_OfAReceivedMessage_ArrivesMarkedForwarded_WithItsContent(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();
        var (_, incoming) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Other, body = "pass this on" });
        var originalId = (string)incoming!["id"]!;
        await LoggedAsync(live, originalId, Other + "@c.us");

        var forward = await SendAsync(live, "/forwardMessage", new { phone = Contact, messageId = originalId });
        var got = (JsonObject)Assert.Single(await live.WaitForDeliveredAsync(1, ContactChat))!;
        var logged = await LoggedAsync(live, forward, ContactChat);

        Assert.Equal(forward, (string)got["id"]!);
        Assert.Equal(("chat", "pass this on", true), ((string)got["type"]!, (string)got["body"]!, (bool)got["isForwarded"]!));
        Assert.True((int)got["forwardingScore"]! >= 1);
        Assert.Equal(("chat", "pass this on"), ((string)logged[forward]["type"]!, (string)logged[forward]["body"]!));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Incoming_LocationAndCard_AreLoggedInTheLaterShape(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();

        var (_, location) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, type = "location", lat = -33.8568, lng = 151.2153, address = "Opera House" });
        var (_, card) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, type = "vcard", body = Vcard });
        var logged = await LoggedAsync(live, (string)card!["id"]!, ContactChat);

        Assert.Equal(("location", "-33.8568;151.2153"), ((string)logged[(string)location!["id"]!]["type"]!, (string)logged[(string)location["id"]!]["body"]!));
        Assert.Equal(("vcard", Vcard), ((string)logged[(string)card["id"]!]["type"]!, (string)logged[(string)card["id"]!]["body"]!));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Incoming_Replies_CarryTheQuotedIdAndBody_OfOurMessageAndOfTheirs(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();
        var ours = await SendAsync(live, "/sendMessage", new { phone = Contact, body = "shall we meet?" });
        await live.WaitForDeliveredAsync(1, ContactChat);
        var (_, theirs) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, body = "at noon" });
        var theirsId = (string)theirs!["id"]!;

        var (_, toOurs) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, body = "yes!", quotedMsgId = ours });
        var (_, toTheirs) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, body = "I mean it", quotedMsgId = theirsId });
        var logged = await LoggedAsync(live, (string)toTheirs!["id"]!, ContactChat);
        var replyToOurs = logged[(string)toOurs!["id"]!];
        var replyToTheirs = logged[(string)toTheirs["id"]!];

        Assert.Equal((ours, "shall we meet?"), ((string)replyToOurs["quotedMsgId"]!, (string)replyToOurs["quotedMsgBody"]!));
        Assert.Equal((theirsId, "at noon"), ((string)replyToTheirs["quotedMsgId"]!, (string)replyToTheirs["quotedMsgBody"]!));
    }

    [Fact]
    public async Task CheckPhone_AsksTheNetwork_UnknownNumbersDoNotExist()
    {
        await using var live = await LiveGateway.StartAsync();
        await live.LinkAsync();
        await live.Host.Rest.PutAsJsonAsync(live.Host.Url("/sandbox/api/settings"), new { unknownNumbers = new[] { "19995550000" } });

        var known = await live.GetAsync("/checkPhone?phone=" + Contact);
        var unknown = await live.GetAsync("/checkPhone?phone=19995550000");

        Assert.Equal("""{"result":"exists"}""", known.ToJsonString());
        Assert.Equal("""{"result":"not exists"}""", unknown.ToJsonString());
    }

    private static async Task<string> SendAsync(LiveGateway live, string path, object body)
    {
        var (response, json) = await live.Host.PostAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {json?.ToJsonString()}");
        return (string)json!["id"]!;
    }

    // The chat's rows by id, once the row of `id` is there (the queue writes a send's row after it went out).
    private static async Task<Dictionary<string, JsonObject>> LoggedAsync(LiveGateway live, string id, string chatId)
    {
        Dictionary<string, JsonObject> rows = [];
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () =>
            {
                rows = ((JsonArray)(await live.GetAsync("/messages?limit=0&chatId=" + chatId))["messages"]!).OfType<JsonObject>().ToDictionary(m => (string)m["id"]!);
                return rows.ContainsKey(id);
            },
            () => "the row of " + id,
            LiveGateway.Patience);
        return rows;
    }
}
