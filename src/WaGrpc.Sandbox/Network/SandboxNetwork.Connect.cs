using System.Text.Json.Nodes;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Sandbox.Network;

// A page that logs in: the snapshot it syncs (chats, history, contacts, groups), what it missed, its QR series.
public sealed partial class SandboxNetwork
{
    private const int HistoryPerChat = 50;

    private JsonObject ConnectedFrame()
    {
        var lids = Settings.LidAddressing;
        lock (_store.Gate)
        {
            // One read of each log serves the chats, their recent history and the contacts.
            var inbox = _store.Inbox.FindAll().ToList();
            var sent = _store.Sent.FindAll().ToList();
            var chats = new Dictionary<string, JsonObject>();
            foreach (var message in inbox)
            {
                chats[message.ChatId] = ChatJson(message.ChatId, message.SenderName, lids);
            }

            foreach (var message in sent)
            {
                chats.TryAdd(message.ChatId, ChatJson(message.ChatId, "", lids));
            }

            // Recent history, as the real page syncs it: what the device already holds and what the
            // account sent (so a reloaded page still finds its own messages by id).
            var history = inbox.Where(m => m.DeliveredToDevice).Select(m => (m.ChatId, m.Time, m.Seq, Wire: Serialize(m, decrypted: true, lids)))
                .Concat(sent.Select(m => (m.ChatId, m.Time, m.Seq, Wire: SerializeSent(m, lids))));
            foreach (var chat in history.GroupBy(m => m.ChatId))
            {
                chats[chat.Key]["msgs"] = new JsonArray(chat.OrderBy(m => m.Time).ThenBy(m => m.Seq).TakeLast(HistoryPerChat).Select(m => (JsonNode)m.Wire).ToArray());
            }

            // Contacts come with their linked id, as the real page learns them.
            // Everyone the account talked with, each with its linked id, as the real page knows them.
            var names = inbox.Where(m => !m.FromMe).GroupBy(m => m.From).ToDictionary(g => g.Key, g => g.Last().SenderName);
            var people = names.Keys.Concat(sent.Select(m => m.ChatId).Where(c => ChatIds.IsPersonChat(c) && c.EndsWith("@c.us", StringComparison.Ordinal))).Distinct();
            var contacts = people
                .Select(id => (JsonNode)new JsonObject
                {
                    ["id"] = id,
                    ["lid"] = SandboxLids.LidOf(id[..id.IndexOf('@', StringComparison.Ordinal)]) + "@lid",
                    ["name"] = names.GetValueOrDefault(id),
                    ["pushname"] = names.GetValueOrDefault(id),
                })
                .ToArray();
            var groups = _store.Groups.FindAll().Select(g => (JsonNode)GroupJson(g, lids)).ToArray();
            return new JsonObject
            {
                ["type"] = "connected",
                ["wid"] = AccountWid,
                ["lid"] = AccountLid,
                ["lidAddressing"] = lids,
                ["pushname"] = _options.PushName,
                ["chats"] = new JsonArray(chats.Values.Select(c => (JsonNode)c).ToArray()),
                ["contacts"] = new JsonArray(contacts),
                ["groups"] = new JsonArray(groups),
            };
        }
    }

    private JsonObject ChatJson(string chatId, string fallbackName, bool lids) => new()
    {
        ["id"] = ToWire(chatId, lids),
        ["name"] = ChatIds.IsGroupChat(chatId) ? _store.Groups.FindById(chatId)?.Subject ?? chatId : fallbackName,
        ["isGroup"] = ChatIds.IsGroupChat(chatId),
    };

    // Messages the device has not received yet, and acks it has not been told about.
    private void PushPending(PageConnection page)
    {
        List<InboxMessage> inbox;
        List<SentMessage> acks;
        lock (_store.Gate)
        {
            inbox = _store.Inbox.Find(m => !m.DeliveredToDevice).OrderBy(m => m.Seq).ToList();
            acks = _store.Sent.Find(m => m.Ack > m.AckPushed).ToList();
        }

        var lids = Settings.LidAddressing;
        foreach (var message in inbox)
        {
            page.Send(new JsonObject { ["type"] = "msg", ["msg"] = Serialize(message, decrypted: !message.CiphertextFirst || message.Decrypted, lids) });
            if (message.CiphertextFirst && !message.Decrypted)
            {
                ScheduleDecrypt(message.Seq);
            }
        }

        PushAcks(acks);
    }

    private void StartQrSeries(PageConnection page)
    {
        var token = page.RestartQrSeries();
        var settings = Settings;
        _ = RunAsync();

        async Task RunAsync()
        {
            try
            {
                for (var i = 0; i < settings.QrRefs; i++)
                {
                    var ttl = i == 0 ? settings.QrFirstMs : settings.QrNextMs;
                    var qr = QrSeries.Create(page.NoiseKey, page.IdentityKey, page.AdvSecret, ttl);
                    page.IssuedRefs.Add(qr);
                    page.CurrentRef = qr;
                    page.Send(new JsonObject
                    {
                        ["type"] = "qr",
                        ["ref"] = qr.Ref,
                        ["text"] = qr.Text,
                        ["matrix"] = new JsonArray(qr.Matrix.Select(r => (JsonNode)r).ToArray()),
                        ["ttlMs"] = ttl,
                    });
                    await Task.Delay(TimeSpan.FromMilliseconds(ttl), _time, token);
                }

                page.CurrentRef = null;
                page.Send(new JsonObject { ["type"] = "qr_idle" });
            }
            catch (OperationCanceledException)
            {
                // A new series, a link or the end of the connection stopped this one.
            }
        }
    }
}
