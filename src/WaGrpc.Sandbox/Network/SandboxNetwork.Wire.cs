using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Sandbox.Network;

// Messages and groups as the page receives them (docs/sandbox-protocol.md), in the page's addressing.
public sealed partial class SandboxNetwork
{
    private string WireChatOf(SentMessage message, bool lids) => message.WireChatId ?? ToWire(message.ChatId, lids);

    // lids: the network's addressing (settings.lidAddressing), read once by the caller for all its messages.
    private JsonObject SerializeSent(SentMessage message, bool lids)
    {
        var chat = WireChatOf(message, lids);
        var json = new JsonObject
        {
            ["id"] = new JsonObject
            {
                ["fromMe"] = true,
                ["remote"] = chat,
                ["id"] = message.KeyId,
                ["_serialized"] = $"true_{chat}_{message.KeyId}",
            },
            ["type"] = message.Type,
            ["body"] = message.Body,
            ["t"] = message.Time,
            ["from"] = chat.EndsWith("@lid", StringComparison.Ordinal) ? AccountLid : AccountWid,
            ["to"] = chat,
            ["ack"] = message.Ack,
        };
        if (message.DirectPath is not null)
        {
            json["caption"] = message.Caption;
            json["mimetype"] = message.MimeType;
            json["filename"] = message.Filename;
            json["size"] = message.Size;
            json["directPath"] = message.DirectPath;
        }

        AddContent(json, message);
        return json;
    }

    // A sent message's location, cards, preview and forward marks, as the page holds them.
    private static void AddContent(JsonObject json, SentMessage message)
    {
        void Put(string name, JsonNode? value)
        {
            if (value is not null)
            {
                json[name] = value;
            }
        }

        Put("lat", message.Latitude);
        Put("lng", message.Longitude);
        Put("loc", message.Address);
        Put("vcardFormattedName", message.VCardName);
        Put("vcardList", message.VCards is { } cards ? new JsonArray(cards.Select(c => (JsonNode)new JsonObject { ["vcard"] = c }).ToArray()) : null);
        Put("subtype", message.Subtype);
        Put("title", message.Title);
        Put("description", message.Description);
        Put("canonicalUrl", message.CanonicalUrl);
        Put("thumbnail", message.Thumbnail);
        if (message.IsForwarded)
        {
            json["isForwarded"] = true;
            json["forwardingScore"] = message.ForwardingScore;
        }
    }

    private JsonObject Serialize(InboxMessage message, bool decrypted, bool lids)
    {
        // With linked-id addressing the page sees people by LID, with the phone number beside
        // the sender (as WhatsApp's stanzas carry it).
        var chat = ToWire(message.ChatId, lids);
        var sender = ToWire(message.From, lids);
        var me = lids ? AccountLid : AccountWid;
        var isGroup = ChatIds.IsGroupChat(message.ChatId);
        var participant = isGroup && !message.FromMe ? sender : null;
        var id = new JsonObject
        {
            ["fromMe"] = message.FromMe,
            ["remote"] = chat,
            ["id"] = message.KeyId,
            ["_serialized"] = $"{(message.FromMe ? "true" : "false")}_{chat}_{message.KeyId}" + (participant is null ? "" : "_" + participant),
        };
        if (participant is not null)
        {
            id["participant"] = participant;
        }

        var json = new JsonObject
        {
            ["id"] = id,
            ["type"] = decrypted ? message.Type : "ciphertext",
            ["body"] = decrypted ? message.Body : "",
            ["t"] = message.Time,
            ["from"] = message.FromMe ? me : isGroup ? chat : sender,
            ["to"] = message.FromMe ? chat : me,
            ["notifyName"] = message.SenderName,
            ["ack"] = 1,
        };
        if (isGroup)
        {
            json["author"] = sender;
        }

        if (decrypted && message.QuotedKeyId is not null)
        {
            json["quotedStanzaID"] = message.QuotedKeyId;
            json["quotedParticipant"] = ToWire(message.QuotedAuthor!, lids);
            json["quotedMsg"] = new JsonObject { ["type"] = message.QuotedType, ["body"] = message.QuotedBody };
        }

        if (decrypted && message.Latitude is not null)
        {
            json["lat"] = message.Latitude;
            json["lng"] = message.Longitude;
            json["loc"] = message.Address;
        }

        if (sender != message.From)
        {
            json["senderPn"] = message.From;
        }

        if (decrypted && message.DirectPath is not null)
        {
            json["caption"] = message.Caption;
            json["mimetype"] = message.MimeType;
            json["filename"] = message.Filename;
            json["size"] = message.Size;
            json["directPath"] = message.DirectPath;
            json["mediaKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            json["mediaKeyTimestamp"] = message.Time;
            json["filehash"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            json["encFilehash"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        return json;
    }

    private JsonObject GroupJson(SandboxGroup group, bool lids) => new()
    {
        ["id"] = group.Gid,
        ["subject"] = group.Subject,
        ["participants"] = new JsonArray(group.Participants.Select(p => (JsonNode)ParticipantJson(group, p, lids)).ToArray()),
        ["creator"] = ToWire(group.Creator, lids),
        ["creation"] = group.Created,
        ["isLidAddressingMode"] = lids,
    };

    // A member as group metadata carries it: with linked ids, the phone number beside the id.
    private JsonObject ParticipantJson(SandboxGroup group, string wid, bool lids)
    {
        var json = new JsonObject { ["id"] = ToWire(wid, lids), ["isAdmin"] = group.IsAdmin(wid), ["isSuperAdmin"] = wid == group.Creator };
        if (lids && ChatIds.IsPersonChat(wid))
        {
            json["phoneNumber"] = wid;
        }

        return json;
    }

    private static string MediaType(string? mimetype) => mimetype switch
    {
        not null when mimetype.StartsWith("image/", StringComparison.Ordinal) => "image",
        not null when mimetype.StartsWith("video/", StringComparison.Ordinal) => "video",
        not null when mimetype.StartsWith("audio/ogg", StringComparison.Ordinal) => "ptt",
        not null when mimetype.StartsWith("audio/", StringComparison.Ordinal) => "audio",
        _ => "document",
    };
}
