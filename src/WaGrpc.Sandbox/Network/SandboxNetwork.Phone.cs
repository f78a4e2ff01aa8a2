using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WaGrpc.Core;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Sandbox.Network;

// The phone API: what the account's phone and its contacts do.
public sealed partial class SandboxNetwork
{
    // ---------------------------------------------------------------- phone API

    /// <summary>Logs the linked device out ("log out all devices" on the phone).</summary>
    public void Unlink(string reason = "logged out from the phone")
    {
        lock (_store.Gate)
        {
            _store.Devices.Delete(LinkedDevice.SingletonId);
        }

        List<PageConnection> pages;
        lock (_pages)
        {
            pages = _connections.Where(c => c.HasValidCreds).ToList();
            _active = null;
        }

        foreach (var page in pages)
        {
            page.HasValidCreds = false;
            page.Send(new JsonObject { ["type"] = "logout", ["reason"] = reason });
        }

        LogUnlinked(reason);
    }

    /// <summary>
    /// The account's WhatsApp Web is opened in another browser: the linked device's page gets
    /// <c>conflict</c> (it may take the session back with <c>takeover</c>). False when no page was active.
    /// </summary>
    public bool OpenElsewhere()
    {
        PageConnection? active;
        lock (_pages)
        {
            active = _active;
            _active = null;
        }

        active?.Send(new JsonObject { ["type"] = "conflict" });
        return active is not null;
    }

    /// <summary>The linked device loses (false) or regains (true) its connection.</summary>
    public void SetOnline(bool online)
    {
        UpdateSettings(s => s.NetworkOnline = online);
        if (!online)
        {
            List<PageConnection> pages;
            lock (_pages)
            {
                pages = [.. _connections];
            }

            foreach (var page in pages)
            {
                page.Close(4000, "network offline");
            }
        }
    }

    /// <summary>Changes the settings and answers them.</summary>
    /// <param name="change">What to change.</param>
    /// <param name="reconnectPages">Drop the pages' connections so they connect again under the new settings (addressing).</param>
    public SandboxSettings UpdateSettings(Action<SandboxSettings> change, bool reconnectPages = false)
    {
        SandboxSettings settings;
        lock (_store.Gate)
        {
            settings = _store.CurrentSettings;
            change(settings);
            _store.Settings.Upsert(settings);
            _settings = _store.CurrentSettings;
        }

        if (reconnectPages)
        {
            List<PageConnection> pages;
            lock (_pages)
            {
                pages = [.. _connections];
            }

            foreach (var page in pages)
            {
                page.Close(4001, "the network changed its addressing");
            }
        }

        return settings;
    }

    /// <summary>
    /// A contact (or, with <paramref name="from"/> = the account's own number and a
    /// <paramref name="to"/>, the account's phone) sends a message; answers its serialized id.
    /// </summary>
    public string Receive(IncomingMessage input)
    {
        var from = input.From.Trim();
        if (!ChatIds.IsPhone(from))
        {
            throw new ValidationException("from", $"from '{from}' is not a phone number (digits, country code first)");
        }

        var fromMe = from == _options.Phone;
        var chatId = (input.ChatId ?? "").Trim();
        if (fromMe)
        {
            var to = (input.To ?? "").Trim();
            chatId = to.Length == 0 ? chatId : ChatIds.IsPhone(to) ? ChatIds.FromPhone(to) : to;
            if (chatId.Length == 0)
            {
                throw new ValidationException("to", "A message from the account's own phone needs \"to\" (a phone or chat id)");
            }
        }
        else if (chatId.Length == 0)
        {
            chatId = ChatIds.FromPhone(from);
        }

        // The phone API stays phone-based, whatever the network's addressing.
        if (!ChatIds.IsPersonChat(chatId) && !ChatIds.IsGroupChat(chatId))
        {
            throw new ValidationException("chatId", $"chatId '{chatId}' is not a chat id (<digits>@c.us or <id>@g.us)");
        }

        if (!fromMe && IsUnknown(from))
        {
            throw new ValidationException("from", $"{from} is not on WhatsApp in this sandbox (settings.unknownNumbers)");
        }

        var isGroup = ChatIds.IsGroupChat(chatId);
        if (isGroup)
        {
            var group = _store.Groups.FindById(chatId) ?? throw new ValidationException("chatId", $"No group {chatId} in this sandbox");
            if (!fromMe && !group.Participants.Contains(ChatIds.FromPhone(from)))
            {
                throw new ValidationException("from", $"{from} is not a participant of {chatId}");
            }
        }
        else if (!fromMe && chatId != ChatIds.FromPhone(from))
        {
            throw new ValidationException("chatId", "A contact's message goes to its own chat: leave chatId out or use <from>@c.us");
        }

        var type = string.IsNullOrWhiteSpace(input.Type) ? (input.Media is null ? "chat" : MediaType(input.Media.Mimetype)) : input.Type.Trim();
        var isLocation = type == "location";
        if (isLocation && !(input.Lat is >= -90 and <= 90 && input.Lng is >= -180 and <= 180))
        {
            throw new ValidationException("lat", "A location needs lat (-90 to 90) and lng (-180 to 180)");
        }

        if (input.Media is null && !isLocation && string.IsNullOrEmpty(input.Body))
        {
            throw new ValidationException("body", "body is required for a text message");
        }

        var keyId = fromMe ? MessageIds.NewKeyId() : "3A" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));
        var participant = isGroup && !fromMe ? ChatIds.FromPhone(from) : null;
        var serialized = $"{(fromMe ? "true" : "false")}_{chatId}_{keyId}" + (participant is null ? "" : "_" + participant);
        var message = new InboxMessage
        {
            SerializedId = serialized,
            KeyId = keyId,
            ChatId = chatId,
            From = ChatIds.FromPhone(from),
            FromMe = fromMe,
            Type = type,
            Body = input.Media is null ? input.Body ?? "" : input.Body ?? "",
            SenderName = fromMe ? _options.PushName : input.SenderName ?? "",
            Time = _time.GetUtcNow().ToUnixTimeSeconds(),
            CiphertextFirst = input.CiphertextFirst,
            Latitude = isLocation ? input.Lat : null,
            Longitude = isLocation ? input.Lng : null,
            Address = isLocation ? input.Address : null,
        };
        Quote(message, input.QuotedMsgId);
        if (input.Media is { } media)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(media.Data ?? "");
            }
            catch (FormatException)
            {
                throw new ValidationException("media.data", "media.data is not valid base64");
            }

            message.MimeType = string.IsNullOrWhiteSpace(media.Mimetype) ? "application/octet-stream" : media.Mimetype;
            message.Filename = media.Filename;
            message.Size = bytes.Length;
            message.DirectPath = StoreMedia(bytes, message.MimeType, media.Filename);
            message.Caption = string.IsNullOrEmpty(input.Body) ? null : input.Body;
        }

        lock (_store.Gate)
        {
            message.Seq = _store.Next("inbox");
            _store.Inbox.Insert(message);
            if (fromMe)
            {
                _store.Sent.Insert(new SentMessage
                {
                    Seq = _store.Next("sent"),
                    SerializedId = serialized,
                    KeyId = keyId,
                    ChatId = chatId,
                    Type = type,
                    Body = message.Body,
                    Caption = message.Caption,
                    MimeType = message.MimeType,
                    Filename = message.Filename,
                    Size = message.Size,
                    DirectPath = message.DirectPath,
                    Time = message.Time,
                    Source = "phone",
                });
            }
        }

        if (ActivePage() is { } page)
        {
            page.Send(new JsonObject { ["type"] = "msg", ["msg"] = Serialize(message, decrypted: !message.CiphertextFirst, Settings.LidAddressing) });
            if (message.CiphertextFirst)
            {
                ScheduleDecrypt(message.Seq);
            }
        }

        if (fromMe)
        {
            ScheduleAcks(serialized);
        }

        return serialized;
    }

    // A reply: the quoted message must be in the chat (sent by the account or received by it).
    private void Quote(InboxMessage message, string? quotedMsgId)
    {
        if (string.IsNullOrWhiteSpace(quotedMsgId))
        {
            return;
        }

        lock (_store.Gate)
        {
            var (sent, received) = StoredMessage(quotedMsgId.Trim());
            if (sent is not null && sent.ChatId == message.ChatId)
            {
                (message.QuotedKeyId, message.QuotedAuthor, message.QuotedType, message.QuotedBody) = (sent.KeyId, AccountWid, sent.Type, sent.Body);
            }
            else if (received is not null && received.ChatId == message.ChatId)
            {
                (message.QuotedKeyId, message.QuotedAuthor, message.QuotedType, message.QuotedBody) = (received.KeyId, received.FromMe ? AccountWid : received.From, received.Type, received.Body);
            }
            else
            {
                throw new ValidationException("quotedMsgId", $"quotedMsgId '{quotedMsgId}' is not a message of chat {message.ChatId}");
            }
        }
    }

    /// <summary>What others sent to the account, oldest first (with whether the account read it).</summary>
    public IReadOnlyList<InboxMessage> ListReceived(string? chatId, long after)
    {
        lock (_store.Gate)
        {
            return _store.Inbox.Find(m => !m.FromMe && m.Seq > after && (chatId == null || m.ChatId == chatId)).OrderBy(m => m.Seq).ToList();
        }
    }

    /// <summary>What the linked account sent into the network, as recipients received it.</summary>
    public IReadOnlyList<SentMessage> ListSent(string? chatId, long after)
    {
        lock (_store.Gate)
        {
            return _store.Sent.Find(m => m.Seq > after).Where(m => string.IsNullOrEmpty(chatId) || m.ChatId == chatId).OrderBy(m => m.Seq).ToList();
        }
    }

    /// <summary>A recipient received (2) or read (3) a message the account sent.</summary>
    public void Acknowledge(string serializedId, int ack)
    {
        List<SentMessage> messages;
        lock (_store.Gate)
        {
            messages = _store.Sent.Find(m => m.SerializedId == serializedId).ToList();
            if (messages.Count == 0)
            {
                throw new ValidationException("id", $"No message {serializedId} was sent by the account");
            }

            foreach (var message in messages.Where(m => m.Ack < ack))
            {
                message.Ack = ack;
                _store.Sent.Update(message);
            }
        }

        if (messages.LastOrDefault() is { } last)
        {
            PushAck(last);
        }
    }

    /// <summary>The groups of the network.</summary>
    public IReadOnlyList<SandboxGroup> Groups()
    {
        lock (_store.Gate)
        {
            return _store.Groups.FindAll().OrderBy(g => g.Created).ToList();
        }
    }

    /// <summary>A stored media blob.</summary>
    public (byte[] Bytes, string ContentType)? ReadMedia(string id)
    {
        lock (_store.Gate)
        {
            var file = _store.Media.FindById(id);
            if (file is null)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            file.CopyTo(buffer);
            var type = file.Metadata.TryGetValue("contentType", out var value) ? value.AsString : "application/octet-stream";
            return (buffer.ToArray(), type);
        }
    }

    /// <summary>Stores a media blob; answers its direct path.</summary>
    public string StoreMedia(byte[] bytes, string contentType, string? filename)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        lock (_store.Gate)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            _store.Media.Upload(id, string.IsNullOrWhiteSpace(filename) ? id : filename, stream, new LiteDB.BsonDocument { ["contentType"] = contentType });
        }

        return "/sandbox/media/" + id;
    }
}
