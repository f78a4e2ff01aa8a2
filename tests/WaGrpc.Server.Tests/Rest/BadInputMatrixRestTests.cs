using System.Net;
using System.Text.Json;
using WaGrpc.Testing;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>
/// The bad-input matrix (issue 10, item 6), REST side: phones, chat ids, bodies, JSON shapes, data
/// URIs, filenames, URLs of every SSRF class, groups, webhook and settings values, query numbers.
/// Each answers a 4xx legacy <c>{"error"}</c> (naming the field where one is given), stores
/// nothing, and leaves the gateway up. One authenticated gateway serves them all.
/// </summary>
public sealed class BadInputMatrixRestTests(BadInputMatrixFixture fixture) : IClassFixture<BadInputMatrixFixture>
{
    /// <summary>method, path and query, raw body (null: none; "&lt;65537 x&gt;" stands for that many), a word the error names ("": any).</summary>
    public static TheoryData<string, string, string?, string> Cases => new()
    {
        { "POST", "/sendMessage", "{\"phone\": \"abc\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"+1\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"+17472822486\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"1234\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"12345678901234567890\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486abc\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"-17472822486\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"1747 2822 486\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"1747-282-2486\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"\u0661\u0667\u0664\u0667\u0662\u0668\u0662\u0662\u0664\u0668\u0666\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": 12345, \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": -17472822486, \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": 1.5, \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": true, \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": null, \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": [], \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": {}, \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": [17472822486], \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"\", \"body\": \"Hello\"}", "phone" },
        { "POST", "/sendMessage", "{\"chatId\": \"../../etc/passwd\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"..%2F..%2Fetc%2Fpasswd@c.us\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"17472822486@evil.com\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"17472822486@c.us/../x\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"17472822486\\n@c.us\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"@c.us\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"17472822486@\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"17472822486@c.us@c.us\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"<script>@c.us\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"17472822486@s.whatsapp.net\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"abc@g.us\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"17472822486\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"../17472822486@c.us\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": \"17472822486@c.us\\u0000\", \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": 5, \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "{\"chatId\": [], \"body\": \"Hello\"}", "chatId" },
        { "POST", "/sendMessage", "", "phone" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\"}", "body" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": \"\"}", "body" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": \"   \"}", "body" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": \"<65537 x>\"}", "65" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": [\"Hello\"]}", "" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": null}", "body" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": {\"text\": \"Hello\"}}", "" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": \"Hello\", \"quotedMsgId\": \"not an id\"}", "quotedMsgId" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": \"Hello\", \"mentionedPhones\": [\"+1\"]}", "mentionedPhones" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": \"Hello\" ", "JSON" },
        { "POST", "/sendMessage", "{\"phone\": 17472822486 \"body\": \"Hello\"}", "JSON" },
        { "POST", "/sendMessage", "[]", "object" },
        { "POST", "/sendMessage", "null", "object" },
        { "POST", "/sendMessage", "\"Hello\"", "object" },
        { "POST", "/sendMessage", "5", "object" },
        { "POST", "/sendMessage", "true", "object" },
        { "POST", "/sendMessage", "{\"phone\": \"17472822486\", \"body\": \"Hello\"}}", "JSON" },
        { "POST", "/sendMessage", "{'phone': '17472822486'}", "JSON" },
        { "POST", "/sendMessage", "\u00ff\u00fe", "JSON" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,@@not base64@@\", \"filename\": \"a.png\"}", "base64" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png,rawdata\", \"filename\": \"a.png\"}", "base64" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,\", \"filename\": \"a.png\"}", "empty" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,====\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:not a mime;base64,AAAA\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"../../etc/passwd\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"..\\\\..\\\\win.ini\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"a\\u0000b.png\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"a\\nb.png\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"/etc/passwd\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \".\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"..\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"   \"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": \"a/b.png\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": []}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\", \"filename\": null}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"data:image/png;base64,iVBORw0KGgo=\"}", "filename" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://169.254.169.254/latest/meta-data/\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://127.0.0.1:1/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://[::1]/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://10.0.0.1/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://192.168.1.1/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://172.16.0.1/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://100.64.0.1/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://0.0.0.0/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://224.0.0.1/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://[::ffff:127.0.0.1]/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://localhost/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://[fe80::1]/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://[fc00::1]/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://2130706433/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http://0x7f000001/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"file:///etc/passwd\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"gopher://example.com/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"ftp://example.com/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"javascript:alert(1)\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"//example.com/x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"http:///x\", \"filename\": \"a.png\"}", "" },
        { "POST", "/sendFile", "{\"phone\": \"17472822486\", \"body\": \"cover.jpg\", \"filename\": \"a.png\"}", "" },
        { "POST", "/group", "{\"phones\": [\"17472822486\"], \"messageText\": \"Hi\"}", "groupName" },
        { "POST", "/group", "{\"groupName\": \"  \", \"phones\": [\"17472822486\"]}", "groupName" },
        { "POST", "/group", "{\"groupName\": \"Browsers\"}", "phones" },
        { "POST", "/group", "{\"groupName\": \"Browsers\", \"phones\": []}", "phones" },
        { "POST", "/group", "{\"groupName\": \"Browsers\", \"phones\": [\"17472822486\", \"+1\"]}", "phones" },
        { "POST", "/group", "{\"groupName\": [\"Browsers\"], \"phones\": [\"17472822486\"]}", "" },
        { "POST", "/group", "{\"groupName\": \"Browsers\", \"chatIds\": [\"../x@c.us\"]}", "chatIds" },
        { "POST", "/webhook", "{\"webhookUrl\": \"ftp://example.com/hook\"}", "webhookUrl" },
        { "POST", "/webhook", "{\"webhookUrl\": \"requestb.in/1f9aj261\"}", "webhookUrl" },
        { "POST", "/webhook", "{\"webhookUrl\": \"javascript:alert(1)\"}", "webhookUrl" },
        { "POST", "/webhook", "{\"webhookUrl\": [\"https://example.com\"]}", "" },
        { "POST", "/webhook", "{\"webhookUrl\": {\"url\": \"https://example.com\"}}", "" },
        { "POST", "/settings/ackNotificationsOn", "{\"ackNotificationsOn\": \"maybe\"}", "" },
        { "POST", "/settings/ackNotificationsOn", "{\"ackNotificationsOn\": [1]}", "" },
        { "GET", "/messages?limit=-1", null, "limit" },
        { "GET", "/messages?limit=abc", null, "" },
        { "GET", "/messages?limit=99999999999", null, "" },
        { "GET", "/messages?lastMessageNumber=-5", null, "lastMessageNumber" },
        { "GET", "/messages?lastMessageNumber=abc", null, "" },
        { "GET", "/messages?lastMessageNumber=99999999999999999999999", null, "" },
        { "GET", "/messages?min_time=abc", null, "" },
        { "GET", "/messages?min_time=-1", null, "min_time" },
        { "GET", "/messages?max_time=-1", null, "max_time" },
        { "GET", "/messages?min_time=2000&max_time=1000", null, "min_time" },
        { "GET", "/messages?chatId=../../etc/passwd", null, "chatId" },
        { "GET", "/messages?chatId=17472822486", null, "chatId" },
        { "GET", "/events?afterCursor=-1", null, "afterCursor" },
        { "GET", "/events?afterCursor=abc", null, "" },
        { "GET", "/events?afterCursor=99999999999999999999999", null, "" },
        { "GET", "/events?chatId=nope", null, "chatId" },
        { "GET", "/settings/ackNotificationsOn?ackNotificationsOn=maybe", null, "" },
        { "GET", "/webhookDeadLetters?limit=-1", null, "" },
        { "GET", "/media/..%2F..%2Fetc%2Fpasswd", null, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_Answers4xxLegacyError_StoresNothing_ServerStaysUp(string method, string path, string? body, string named)
    {
        var host = fixture.Host;
        body = body?.Replace("<65537 x>", new string('x', 65_537), StringComparison.Ordinal);

        var (status, json) = await host.SendAsync(new HttpMethod(method), host.Url(path), body is null ? null : JsonText(body), stream: path.StartsWith("/events", StringComparison.Ordinal));

        Assert.True((int)status is >= 400 and < 500, $"{method} {path} {body?[..Math.Min(body.Length, 80)]} answered {(int)status} {json?.ToJsonString()}");
        var error = JsonAssert.IsLegacyError(json);
        Assert.Contains(named, error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("""{"totalMessages":0,"first100":[]}""", (await host.QueueAsync()).ToJsonString());
        var (_, webhook) = await host.GetJsonAsync("/webhook");
        JsonAssert.Kind(webhook, "set", JsonValueKind.False);
        var (_, ack) = await host.GetJsonAsync("/settings/ackNotificationsOn");
        JsonAssert.Kind(ack, "ackNotificationsOn", JsonValueKind.True);
        await host.AssertStillUpAsync();
    }
}
