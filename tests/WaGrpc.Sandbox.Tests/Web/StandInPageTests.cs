using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Sandbox.Tests.Web;

/// <summary>
/// The stand-in page in real Chromium with the unmodified wa-js on it, driven through WPP.* (what
/// the engine's bridge calls), with the phone API on the other side.
/// </summary>
public sealed class StandInPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Reload_AfterLinking_StaysLinkedWithoutQr()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();

        await sandbox.GotoAsync();
        await sandbox.WaitForStateAsync("CONNECTED");
        var refs = await sandbox.EvalAsync<string[]>("() => window.__rec.refs");

        Assert.Empty(refs);
        Assert.Null((await sandbox.ApiGetAsync("/sandbox/api/state"))["qr"]);
    }

    [Fact]
    public async Task Unlink_FromPhone_LogsThePageOutWithPostLogoutAndNewQr()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();

        var (status, _) = await sandbox.ApiPostAsync("/sandbox/api/unlink", new { });
        await sandbox.WaitForAsync("() => location.search.includes('post_logout=1')");
        await sandbox.WaitForWaJsAsync();
        await sandbox.WaitForStateAsync("UNPAIRED");
        var state = await sandbox.ApiGetAsync("/sandbox/api/state");

        Assert.Equal(200, status);
        Assert.False((bool)state["linked"]!);
        Assert.NotNull(state["qr"]);
    }

    [Fact]
    public async Task NetworkDrop_GivesTimeoutThenRecovers()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();

        await sandbox.ApiPostAsync("/sandbox/api/network", new { online = false });
        await sandbox.WaitForStateAsync("TIMEOUT");
        var offline = await sandbox.ApiGetAsync("/sandbox/api/state");
        await sandbox.ApiPostAsync("/sandbox/api/network", new { online = true });
        await sandbox.WaitForStateAsync("CONNECTED");

        Assert.False((bool)offline["networkOnline"]!);
        Assert.True((bool)(await sandbox.ApiGetAsync("/sandbox/api/state"))["networkOnline"]!);
    }

    [Fact]
    public async Task Conflict_FromThePhoneApi_GivesConflictUntilTakeover()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();

        var (status, json) = await sandbox.ApiPostAsync("/sandbox/api/conflict", new { });
        await sandbox.WaitForStateAsync("CONFLICT");
        await sandbox.EvalAsync<bool>("() => { WPP.whatsapp.Socket.takeover(); return true; }");
        await sandbox.WaitForStateAsync("CONNECTED");
        var id = await sandbox.SendTextAsync("17472822486@c.us", "taken back");

        Assert.Equal(200, status);
        Assert.True((bool)json!["conflict"]!);
        Assert.Equal(id, (string)Assert.Single((JsonArray)(await sandbox.ApiGetAsync("/sandbox/api/messages"))["messages"]!)!["id"]!);
    }

    [Fact]
    public async Task IncomingMessage_FromContact_FiresAddWithIsNewMsg()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();

        var (status, sent) = await sandbox.ApiPostAsync("/sandbox/api/messages", new { from = "17472822486", body = "Ok!", senderName = "Ilya" });
        await sandbox.WaitForAsync("() => window.__rec.adds.length >= 1");
        var added = ((JsonArray)await sandbox.EvalJsonAsync("() => window.__rec.adds"))[0]!;

        Assert.Equal(200, status);
        Assert.Equal((string)sent!["id"]!, (string)added["id"]!["_serialized"]!);
        Assert.StartsWith("false_17472822486@c.us_", (string)added["id"]!["_serialized"]!, StringComparison.Ordinal);
        Assert.True((bool)added["isNewMsg"]!);
        Assert.Equal("chat", (string)added["type"]!);
        Assert.Equal("Ok!", (string)added["body"]!);
        Assert.Equal("Ilya", (string)added["notifyName"]!);
        Assert.False((bool)added["id"]!["fromMe"]!);
    }

    [Fact]
    public async Task LidAddressing_PeopleComeByLinkedId_AndWaJsMapsThemToPhones()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser, new { lidAddressing = true, autoDeliverMs = 50, autoReadMs = 50 });
        await sandbox.LinkAsync();

        var (_, sent) = await sandbox.ApiPostAsync("/sandbox/api/messages", new { from = "17472822486", body = "by lid", senderName = "Ilya" });
        await sandbox.WaitForAsync("() => window.__rec.adds.length >= 1");
        var seen = (JsonObject)await sandbox.EvalJsonAsync("""
            async () => {
              const m = window.__rec.adds[0];
              const from = WPP.whatsapp.WidFactory.createWid(m.from);
              const chat = await WPP.chat.find('17472822486@c.us');
              const reply = await WPP.chat.sendTextMessage('17472822486@c.us', 'answer', { linkPreview: false, markIsRead: false });
              return { from: m.from, remote: m.id.remote, phone: WPP.whatsapp.ApiContact.getPhoneNumber(from)._serialized,
                       chat: chat.id._serialized, reply: reply.id, me: WPP.conn.getMyUserLid()._serialized };
            }
            """);
        var received = (JsonArray)(await sandbox.ApiGetAsync("/sandbox/api/messages?chatId=17472822486@c.us"))["messages"]!;

        // The network speaks linked ids to the page; the phone side stays phone-based.
        Assert.EndsWith("@lid", (string)seen["from"]!, StringComparison.Ordinal);
        Assert.Equal((string)seen["from"]!, (string)seen["remote"]!);
        Assert.Equal("17472822486@c.us", (string)seen["phone"]!);
        Assert.Equal((string)seen["from"]!, (string)seen["chat"]!);
        Assert.StartsWith("true_" + (string)seen["chat"]! + "_3EB0", (string)seen["reply"]!, StringComparison.Ordinal);
        Assert.EndsWith("@lid", (string)seen["me"]!, StringComparison.Ordinal);
        Assert.StartsWith("false_17472822486@c.us_", (string)sent!["id"]!, StringComparison.Ordinal);
        Assert.Equal("answer", (string)Assert.Single(received)!["body"]!);
    }

    [Fact]
    public async Task IncomingMessage_CiphertextFirst_ArrivesAsCiphertextThenChangesType()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();

        var (_, sent) = await sandbox.ApiPostAsync("/sandbox/api/messages", new { from = "17472822486", body = "secret", ciphertextFirst = true });
        await sandbox.WaitForAsync("() => window.__rec.types.length >= 1");
        var added = ((JsonArray)await sandbox.EvalJsonAsync("() => window.__rec.adds"))[0]!;
        var body = await sandbox.EvalAsync<string>("async id => (await WPP.chat.getMessageById(id)).body", (string)sent!["id"]!);

        Assert.Equal("ciphertext", (string)added["type"]!);
        Assert.Equal("chat", await sandbox.EvalAsync<string>("() => window.__rec.types[0].type"));
        Assert.Equal("secret", body);
    }

    [Fact]
    public async Task OutgoingMessage_SentWithOurId_ArrivesOnceAndAcksMoveToViewed()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();

        var id = await sandbox.EvalAsync<string>("""
            async () => {
              const messageId = 'true_17472822486@c.us_3EB0' + '0123456789ABCDEF';
              const sent = await WPP.chat.sendTextMessage('17472822486@c.us', 'Hello from the bot', { messageId, linkPreview: false, markIsRead: false });
              const again = await WPP.chat.getMessageById(messageId);
              return sent.id === messageId && again.id._serialized === messageId && sent.ack === 1 ? sent.id : 'mismatch ' + JSON.stringify(sent);
            }
            """);
        await sandbox.WaitForAsync("id => window.__rec.acks.some(a => a.id === id && a.ack === 3)", id);
        var acks = await sandbox.EvalAsync<int[]>("id => window.__rec.acks.filter(a => a.id === id).map(a => a.ack)", id);
        var received = (JsonArray)(await sandbox.ApiGetAsync("/sandbox/api/messages?chatId=17472822486@c.us"))["messages"]!;

        Assert.Equal("true_17472822486@c.us_3EB00123456789ABCDEF", id);
        Assert.Equal([1, 2, 3], acks);
        var message = Assert.Single(received)!;
        Assert.Equal(id, (string)message["id"]!);
        Assert.Equal("Hello from the bot", (string)message["body"]!);
        Assert.Equal("viewed", (string)message["ack"]!);
    }

    [Fact]
    public async Task MessageNoLongerInMemory_IsFoundById_AndItsReceiptsStillReportAcks()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser, new { autoDeliverMs = -1, autoReadMs = -1 });
        await sandbox.LinkAsync();
        var id = await sandbox.SendTextAsync("17472822486@c.us", "an old message");

        // The page lets the message go from memory (as WhatsApp Web does with old chats' messages).
        await sandbox.EvalAsync<bool>("id => window.__sandboxPage.forgetMessage(id)", id);
        var inMemory = await sandbox.EvalAsync<bool>("id => !!WPP.whatsapp.MsgStore.get(id)", id);
        var found = await sandbox.EvalAsync<string>("async id => (await WPP.chat.getMessageById(id)).body", id);
        await sandbox.EvalAsync<bool>("id => window.__sandboxPage.forgetMessage(id)", id);
        await sandbox.ApiPostAsync("/sandbox/api/ack", new { id, status = "delivered" });
        await sandbox.WaitForAsync("id => window.__rec.acks.some(a => a.id === id && a.ack === 2)", id);

        Assert.False(inMemory);
        Assert.Equal("an old message", found);
        Assert.False(await sandbox.EvalAsync<bool>("id => !!WPP.whatsapp.MsgStore.get(id)", id));
    }

    [Fact]
    public async Task Ack_OnCommand_MovesTheMessageWhenAutoAcksAreOff()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser, new { autoDeliverMs = -1, autoReadMs = -1 });
        await sandbox.LinkAsync();
        var id = await sandbox.SendTextAsync("17472822486@c.us", "manual acks");

        await sandbox.ApiPostAsync("/sandbox/api/ack", new { id, status = "delivered" });
        await sandbox.WaitForAsync("id => window.__rec.acks.some(a => a.id === id && a.ack === 2)", id);
        await sandbox.ApiPostAsync("/sandbox/api/ack", new { id, status = "viewed" });
        await sandbox.WaitForAsync("id => window.__rec.acks.some(a => a.id === id && a.ack === 3)", id);

        var acks = await sandbox.EvalAsync<int[]>("id => window.__rec.acks.filter(a => a.id === id).map(a => a.ack)", id);
        Assert.Equal(new[] { 1, 2, 3 }, acks);
    }

    [Fact]
    public async Task CreateGroup_ThroughTheModule_IsListedWithParticipants()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser, new { unknownNumbers = new[] { "19999999999" }, autoDeliverMs = 50, autoReadMs = 50 });
        await sandbox.LinkAsync();

        // wa-js checks every participant first: an unknown number fails the whole call, as on WhatsApp.
        var refused = await sandbox.EvalAsync<string>("""
            async () => { try { await WPP.group.create('Nope', ['19999999999@c.us']); return 'created'; } catch (e) { return e.code || e.message; } }
            """);
        var result = (JsonObject)await sandbox.EvalJsonAsync("""
            async () => {
              const r = await WPP.group.create('Browsers', ['17472822486@c.us']);
              return { gid: r.gid._serialized, codes: Object.values(r.participants).map(p => p.code) };
            }
            """);
        var groups = (JsonArray)(await sandbox.ApiGetAsync("/sandbox/api/groups"))["groups"]!;

        var gid = (string)result["gid"]!;
        Assert.EndsWith("@g.us", gid, StringComparison.Ordinal);
        var group = Assert.Single(groups)!;
        Assert.Equal(gid, (string)group["id"]!);
        Assert.Equal("Browsers", (string)group["subject"]!);
        Assert.Equal(["15550000001@c.us", "17472822486@c.us"], ((JsonArray)group["participants"]!).Select(p => (string)p!).ToArray());
        Assert.Equal([200], ((JsonArray)result["codes"]!).Select(c => (int)c!).ToArray());
        Assert.Equal("participant_not_exists", refused);
    }

    [Fact]
    public async Task UnknownNumbers_AreNotOnWhatsAppAndCannotBeSentTo()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser, new { unknownNumbers = new[] { "19999999999" } });
        await sandbox.LinkAsync();

        var exists = (JsonObject)await sandbox.EvalJsonAsync("""
            async () => {
              const known = await WPP.contact.queryExists('17472822486@c.us');
              const unknown = await WPP.contact.queryExists('19999999999@c.us');
              return { known: known?.wid?._serialized ?? null, lid: known?.lid?._serialized ?? null, unknown: unknown };
            }
            """);
        var (status, error) = await sandbox.ApiPostAsync("/sandbox/api/messages", new { from = "19999999999", body = "hi" });

        Assert.Equal("17472822486@c.us", (string?)exists["known"]);
        Assert.EndsWith("@lid", (string?)exists["lid"], StringComparison.Ordinal);
        Assert.Null(exists["unknown"]);
        Assert.Equal(400, status);
        Assert.Contains("not on WhatsApp", JsonAssert.IsLegacyError(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Media_IncomingDownloadsAndOutgoingArrivesWithItsFileFields()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();
        byte[] picture = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5];

        await sandbox.ApiPostAsync("/sandbox/api/messages", new
        {
            from = "17472822486",
            body = "a caption",
            media = new { mimetype = "image/png", filename = "p.png", data = Convert.ToBase64String(picture) },
        });
        await sandbox.WaitForAsync("() => window.__rec.adds.length >= 1");
        var downloaded = await sandbox.EvalAsync<int[]>("""
            async () => {
              const blob = await WPP.chat.downloadMedia(window.__rec.adds[0].id._serialized);
              return Array.from(new Uint8Array(await blob.arrayBuffer()));
            }
            """);
        var type = await sandbox.EvalAsync<string>("() => window.__rec.adds[0].type");
        await sandbox.EvalAsync<bool>("""
            async () => {
              const sent = await WPP.chat.sendFileMessage('17472822486@c.us', 'data:application/pdf;base64,JVBERg==',
                { type: 'document', filename: 'report.pdf', caption: 'The report', markIsRead: false });
              return sent.sendMsgResult.messageSendResult === 'OK';
            }
            """);
        var sent = (JsonArray)(await sandbox.ApiGetAsync("/sandbox/api/messages"))["messages"]!;

        Assert.Equal("image", type);
        Assert.Equal(picture.Select(b => (int)b).ToArray(), downloaded);
        var document = Assert.Single(sent)!;
        Assert.Equal("document", (string)document["type"]!);
        Assert.Equal("report.pdf", (string)document["filename"]!);
        Assert.Equal("application/pdf", (string)document["mimetype"]!);
        Assert.Equal("The report", (string)document["caption"]!);
    }

    [Fact]
    public async Task NetworkState_SurvivesAGatewayRestart()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.LinkAsync();
        var id = await sandbox.SendTextAsync("17472822486@c.us", "before the restart");

        await sandbox.Host.RestartAsync();
        var state = await sandbox.ApiGetAsync("/sandbox/api/state");
        var sent = (JsonArray)(await sandbox.ApiGetAsync("/sandbox/api/messages"))["messages"]!;

        Assert.True((bool)state["linked"]!);
        Assert.Equal(id, (string)Assert.Single(sent)!["id"]!);
    }
}
