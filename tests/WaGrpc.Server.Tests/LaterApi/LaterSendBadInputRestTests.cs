using System.Text.Json;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Testing;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>
/// Bad input to the later API's sends over REST: a 4xx legacy <c>{"error"}</c> naming the field,
/// nothing queued, the gateway up (on the bad-input matrix's shared gateway).
/// </summary>
public sealed class LaterSendBadInputRestTests(BadInputMatrixFixture fixture) : IClassFixture<BadInputMatrixFixture>
{
    /// <summary>path, raw JSON body, a word the error names.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "/sendLocation", """{"phone": "17472822486", "lng": 1}""", "lat" },
        { "/sendLocation", """{"phone": "17472822486", "lat": 1}""", "lng" },
        { "/sendLocation", """{"phone": "17472822486", "lat": 91, "lng": 1}""", "lat" },
        { "/sendLocation", """{"phone": "17472822486", "lat": 1, "lng": -180.5}""", "lng" },
        { "/sendLocation", """{"phone": "17472822486", "lat": "north", "lng": 1}""", "lat" },
        { "/sendLocation", """{"phone": "17472822486", "lat": "NaN", "lng": 1}""", "lat" },
        { "/sendLocation", """{"phone": "17472822486", "lat": true, "lng": 1}""", "lat" },
        { "/sendLocation", """{"phone": "17472822486", "lat": [1], "lng": 1}""", "lat" },
        { "/sendLocation", """{"lat": 1, "lng": 1}""", "phone" },
        { "/sendLocation", "{\"phone\": \"17472822486\", \"lat\": 1, \"lng\": 1, \"address\": \"" + new string('a', 1001) + "\"}", "address" },
        { "/sendContact", """{"phone": "17472822486"}""", "contactId" },
        { "/sendContact", """{"phone": "17472822486", "contactId": []}""", "contactId" },
        { "/sendContact", """{"phone": "17472822486", "contactId": "jane"}""", "contactId" },
        { "/sendContact", """{"phone": "17472822486", "contactId": ["4915112345678@c.us", "x@g.us"]}""", "contactId" },
        { "/sendContact", """{"phone": "17472822486", "contactId": {"id": 1}}""", "contactId" },
        { "/sendVCard", """{"phone": "17472822486"}""", "vcard" },
        { "/sendVCard", """{"phone": "17472822486", "vcard": "hello"}""", "vcard" },
        { "/sendVCard", """{"phone": "17472822486", "vcard": "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane\nEND:VCARD"}""", "FN" },
        { "/sendVCard", """{"phone": "17472822486", "vcard": "BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\nEND:VCARD"}""", "vcard" },
        { "/sendVCard", """{"phone": "17472822486", "vcard": 5}""", "vcard" },
        { "/sendLink", """{"phone": "17472822486"}""", "body" },
        { "/sendLink", """{"phone": "17472822486", "body": "example.com"}""", "body" },
        { "/sendLink", """{"phone": "17472822486", "body": "ftp://example.com/x"}""", "body" },
        { "/sendLink", """{"phone": "17472822486", "body": "javascript:alert(1)"}""", "body" },
        { "/sendLink", """{"phone": "17472822486", "body": "https://example.com", "previewBase64": "https://example.com/a.png"}""", "previewBase64" },
        { "/sendLink", """{"phone": "17472822486", "body": "https://example.com", "previewBase64": "data:text/html;base64,PGI+"}""", "previewBase64" },
        { "/sendLink", """{"phone": "17472822486", "body": "https://example.com", "previewBase64": "data:image/png;base64,@@@"}""", "previewBase64" },
        { "/sendLink", "{\"phone\": \"17472822486\", \"body\": \"https://example.com\", \"title\": \"" + new string('t', 1001) + "\"}", "title" },
        { "/sendPTT", """{"phone": "17472822486"}""", "audio" },
        { "/sendPTT", """{"phone": "17472822486", "audio": "voice.ogg"}""", "audio" },
        { "/sendPTT", """{"phone": "17472822486", "audio": "data:image/png;base64,iVBORw0KGgo="}""", "audio" },
        { "/sendPTT", """{"phone": "17472822486", "audio": "data:audio/ogg;base64,"}""", "" },
        { "/sendPTT", """{"phone": "17472822486", "audio": "http://169.254.169.254/latest/meta-data/"}""", "not allowed" },
        { "/sendPTT", """{"phone": "17472822486", "audio": "http://127.0.0.1:1/voice.ogg"}""", "not allowed" },
        { "/forwardMessage", """{"phone": "17472822486"}""", "messageId" },
        { "/forwardMessage", """{"phone": "17472822486", "messageId": "3EB0ABCDEF"}""", "messageId" },
        { "/forwardMessage", """{"phone": "17472822486", "messageId": ["false_79680561234@c.us_3A01", "nope"]}""", "messageId" },
        { "/forwardMessage", """{"messageId": "false_79680561234@c.us_3A01"}""", "phone" },
        { "/forwardMessage", """{"chatId": "../x", "messageId": "false_79680561234@c.us_3A01"}""", "chatId" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_Answers4xxLegacyError_QueuesNothing(string path, string body, string named)
    {
        var host = fixture.Host;

        var (status, json) = await host.PostRawAsync(path, body);

        Assert.True((int)status is >= 400 and < 500, $"{path} {body[..Math.Min(body.Length, 80)]} answered {(int)status} {json?.ToJsonString()}");
        Assert.Contains(named, JsonAssert.IsLegacyError(json), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("""{"totalMessages":0,"first100":[]}""", (await host.QueueAsync()).ToJsonString());
        await host.AssertStillUpAsync();
    }

    [Fact]
    public async Task FormBody_WithATextForANumber_NamesTheField()
    {
        var (status, json) = await fixture.Host.PostFormAsync("/sendLocation", ("phone", Phone), ("lat", "51,5"), ("lng", "0"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, status);
        Assert.Contains("lat", JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
        JsonAssert.Kind((await fixture.Host.QueueAsync()), "totalMessages", JsonValueKind.Number);
    }
}
