using System.Text.Json.Nodes;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Sandbox.Network;

// What a logged-in page asks of the network: receipts of what it holds, sends, groups.
public sealed partial class SandboxNetwork
{
    // ---------------------------------------------------------------- page requests

    private void OnReceived(JsonObject frame)
    {
        if (frame["ids"] is not JsonArray ids)
        {
            return;
        }

        lock (_store.Gate)
        {
            foreach (var id in ids.Select(i => (string?)i).OfType<string>().Select(StoreIdOf))
            {
                foreach (var message in _store.Inbox.Find(m => m.SerializedId == id && !m.DeliveredToDevice).ToList())
                {
                    message.DeliveredToDevice = true;
                    _store.Inbox.Update(message);
                }
            }
        }
    }

    private void OnSend(PageConnection page, JsonObject frame)
    {
        if (!page.HasValidCreds || !DeviceMatches(page))
        {
            Fail(page, frame, "not logged in");
            return;
        }

        var msg = frame["msg"] as JsonObject ?? throw new InvalidOperationException("send without msg");
        var wireTo = (string?)msg["to"] ?? "";
        var to = FromWire(wireTo);
        var keyId = (string?)msg["id"] ?? "";
        if (!Exists(to))
        {
            Fail(page, frame, $"{to} is not on WhatsApp");
            return;
        }

        var sent = new SentMessage
        {
            SerializedId = $"true_{to}_{keyId}",
            KeyId = keyId,
            ChatId = to,
            WireChatId = wireTo == to ? null : wireTo,
            Type = (string?)msg["type"] ?? "chat",
            Body = (string?)msg["body"] ?? "",
            Caption = (string?)msg["caption"],
            MimeType = (string?)msg["mimetype"],
            Filename = (string?)msg["filename"],
            Size = (long?)msg["size"],
            DirectPath = (string?)msg["directPath"],
            Time = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        ReadContent(msg, sent);
        lock (_store.Gate)
        {
            // Every send is recorded, also a repeated id: that is how tests see a duplicate.
            _store.InOneCommit(() =>
            {
                sent.Seq = _store.Next("sent");
                _store.Sent.Insert(sent);
            });
        }

        Reply(page, frame, new JsonObject { ["ack"] = 1, ["t"] = sent.Time });
        ScheduleAcks(sent.SerializedId);
    }

    // What a location, contact card, link preview or forward carries on the wire.
    private static void ReadContent(JsonObject msg, SentMessage sent)
    {
        sent.Latitude = (double?)msg["lat"];
        sent.Longitude = (double?)msg["lng"];
        sent.Address = (string?)msg["loc"];
        sent.VCardName = (string?)msg["vcardFormattedName"];
        sent.VCards = msg["vcardList"] is JsonArray cards ? cards.Select(c => (string?)c?["vcard"] ?? "").ToList() : null;
        sent.Subtype = (string?)msg["subtype"];
        sent.Title = (string?)msg["title"];
        sent.Description = (string?)msg["description"];
        sent.CanonicalUrl = (string?)msg["canonicalUrl"];
        sent.Thumbnail = (string?)msg["thumbnail"];
        sent.IsForwarded = (bool?)msg["isForwarded"] ?? false;
        sent.ForwardingScore = (int?)msg["forwardingScore"] ?? 0;
    }

    // The device marked a chat read: what others sent to it there gets read receipts.
    private void OnRead(PageConnection page, JsonObject frame)
    {
        if (!page.HasValidCreds || !DeviceMatches(page))
        {
            Fail(page, frame, "not logged in");
            return;
        }

        var chatId = FromWire((string?)frame["chat"] ?? "");
        var read = 0;
        lock (_store.Gate)
        {
            foreach (var message in _store.Inbox.Find(m => m.ChatId == chatId && !m.FromMe && !m.ReadByAccount).ToList())
            {
                message.ReadByAccount = true;
                _store.Inbox.Update(message);
                read++;
            }
        }

        Reply(page, frame, new JsonObject { ["read"] = read });
    }

    private void OnCreateGroup(PageConnection page, JsonObject frame)
    {
        if (!page.HasValidCreds || !DeviceMatches(page))
        {
            Fail(page, frame, "not logged in");
            return;
        }

        var title = ((string?)frame["title"] ?? "").Trim();
        var requested = (frame["participants"] as JsonArray ?? []).Select(p => (string?)p).OfType<string>().Select(FromWire).Distinct().ToList();
        var results = requested.Select(wid => (Wid: wid, Code: ChatIds.IsPersonChat(wid) && !IsUnknown(wid[..wid.IndexOf('@', StringComparison.Ordinal)]) ? 200 : 404)).ToList();
        var group = new SandboxGroup
        {
            Gid = NewGroupId(),
            Subject = title,
            Participants = [AccountWid, .. results.Where(r => r.Code == 200).Select(r => r.Wid)],
            Creator = AccountWid,
            Created = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        lock (_store.Gate)
        {
            _store.Groups.Insert(group);
        }

        Reply(page, frame, new JsonObject
        {
            ["gid"] = group.Gid,
            ["subject"] = group.Subject,
            ["participants"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject { ["wid"] = r.Wid, ["code"] = r.Code }).ToArray()),
        });
    }

    private static void Reply(PageConnection page, JsonObject frame, JsonObject data) =>
        page.Send(new JsonObject { ["type"] = "result", ["reqId"] = frame["reqId"]?.DeepClone(), ["ok"] = true, ["data"] = data });

    private static void Fail(PageConnection page, JsonObject frame, string error) =>
        page.Send(new JsonObject { ["type"] = "result", ["reqId"] = frame["reqId"]?.DeepClone(), ["ok"] = false, ["error"] = error });

    // ---------------------------------------------------------------- helpers

    private bool Exists(string wid)
    {
        if (ChatIds.IsGroupChat(wid))
        {
            lock (_store.Gate)
            {
                return _store.Groups.FindById(wid) is not null;
            }
        }

        return ChatIds.IsPersonChat(wid) && !IsUnknown(wid[..wid.IndexOf('@', StringComparison.Ordinal)]);
    }

    private bool IsUnknown(string phone) => Settings.UnknownNumbers.Contains(phone);

    private PageConnection? ActivePage()
    {
        lock (_pages)
        {
            return _active;
        }
    }
}
