using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>
/// Every call of the later API against one live gateway in sandbox mode (real browser, wa-js on the
/// stand-in, simulated network): each answers exactly the legacy fields, with their JSON kinds.
/// The effects are checked by the other end-to-end tests of this folder.
/// </summary>
public sealed class LaterShapesSandboxTests
{
    private const string Contact = "17472822486";
    private const string ContactChat = Contact + "@c.us";

    [Fact]
    public async Task EveryLaterCall_AnswersTheLegacyShape_OnTheSandbox()
    {
        await using var live = await LiveGateway.StartAsync();
        await live.LinkAsync();
        var (_, incoming) = await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, body = "hello" });
        var incomingId = (string)incoming!["id"]!;

        foreach (var (path, body) in new (string, object)[]
        {
            ("/sendLocation", new { phone = Contact, lat = 1.5, lng = 2.5, address = "Here" }),
            ("/sendContact", new { phone = Contact, contactId = "79680561234@c.us" }),
            ("/sendVCard", new { phone = Contact, vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Jane\nEND:VCARD" }),
            ("/sendLink", new { phone = Contact, body = "https://example.com/" }),
            ("/sendPTT", new { phone = Contact, audio = "data:audio/ogg;base64,T2dnUwAAAAA=" }),
            ("/forwardMessage", new { phone = "79680561234", messageId = incomingId }),
        })
        {
            var (_, answer) = await live.Host.PostAsync(path, body);
            RestCalls.AssertQueuedAnswer(answer, path == "/forwardMessage" ? "79680561234@c.us" : ContactChat, authenticated: true);
        }

        var (_, group) = await live.Host.PostAsync("/group", new { groupName = "Shapes", phones = new[] { Contact } });
        var gid = (string)group!["chatId"]!;
        await Shape(live, "POST", "/readChat", new { phone = Contact }, ("read", JsonValueKind.True), ("message", JsonValueKind.String), ("chatId", JsonValueKind.String));
        foreach (var (path, flag) in new[] { ("/addGroupParticipant", "add"), ("/promoteGroupParticipant", "promote"), ("/demoteGroupParticipant", "demote"), ("/removeGroupParticipant", "remove") })
        {
            await Shape(live, "POST", path, new { groupId = gid, participantPhone = "79680561234" }, (flag, JsonValueKind.True), ("message", JsonValueKind.String), ("groupId", JsonValueKind.String));
        }

        await Shape(live, "GET", "/showActionsQueue", null, ("totalActions", JsonValueKind.Number), ("first100", JsonValueKind.Array));
        await Shape(live, "POST", "/clearActionsQueue", new { }, ("message", JsonValueKind.String), ("actionsExample", JsonValueKind.Array));
        await Shape(live, "GET", "/dialogs", null, ("dialogs", JsonValueKind.Array));
        await Shape(live, "GET", "/checkPhone?phone=" + Contact, null, ("result", JsonValueKind.String));
        await Shape(live, "GET", "/instanceStatuses", null, ("data", JsonValueKind.Array));
        await Shape(live, "GET", "/webhookStatus?msgId=" + incomingId, null, ("msgId", JsonValueKind.String), ("time", JsonValueKind.Number), ("status", JsonValueKind.String));
        await Shape(live, "POST", "/takeover", new { }, ("accountStatus", JsonValueKind.String));
        await Shape(live, "POST", "/expiry", new { }, ("accountStatus", JsonValueKind.String));
        var settings = await Shape(live, "GET", "/settings", null,
            ("webhookUrl", JsonValueKind.String), ("ackNotificationsOn", JsonValueKind.True), ("chatUpdateOn", JsonValueKind.False),
            ("videoUploadOn", JsonValueKind.True), ("proxy", JsonValueKind.String), ("guaranteedHooks", JsonValueKind.True),
            ("ignoreOldMessages", JsonValueKind.False), ("processArchive", JsonValueKind.True), ("instanceStatuses", JsonValueKind.True),
            ("webhookStatuses", JsonValueKind.True), ("statusNotificationsOn", JsonValueKind.False), ("sendDelay", JsonValueKind.Number));
        var updated = await live.Host.PostAsync("/settings", new { ignoreOldMessages = true });
        await Shape(live, "POST", "/retry", new { }, ("accountStatus", JsonValueKind.String));

        JsonAssert.HasExactKeys(updated.Json, [.. settings.Select(p => p.Key), "update"]);
        Assert.Equal("""{"ignoreOldMessages":true}""", updated.Json!["update"]!.ToJsonString());
    }

    // Calls a path and asserts the answer has exactly these keys, of these JSON kinds.
    private static async Task<JsonObject> Shape(LiveGateway live, string method, string path, object? body, params (string Key, JsonValueKind Kind)[] fields)
    {
        var (response, json) = method == "GET" ? await live.Host.GetJsonAsync(path) : await live.Host.PostAsync(path, body!);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {json?.ToJsonString()}");
        var answer = JsonAssert.HasExactKeys(json, [.. fields.Select(f => f.Key)]);
        foreach (var (key, kind) in fields)
        {
            JsonAssert.Kind(answer, key, kind);
        }

        return answer;
    }
}
