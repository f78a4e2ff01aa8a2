using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WaGrpc.Core;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Sandbox.Network;

/// <summary>
/// The simulated WhatsApp network: one account (the one the gateway links to) with one linked
/// device, contacts that send to it, message routing with acks (server ack on receipt, delivered
/// and read after configurable delays or on command), groups, media, numbers that are not on
/// WhatsApp, ciphertext-first delivery, network loss, and pairing by QR code. Pages connect over
/// WebSocket (<see cref="AcceptAsync"/>); the phone API calls the public methods.
/// </summary>
public sealed partial class SandboxNetwork : IDisposable
{
    private readonly SandboxStore _store;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SandboxNetwork> _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _pages = new();
    private readonly List<PageConnection> _connections = [];
    private PageConnection? _active;

    public SandboxNetwork(SandboxStore store, IOptions<SandboxOptions> options, TimeProvider time, ILogger<SandboxNetwork> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        ResumePendingAcks();
    }

    /// <summary>The linked account's phone number (digits).</summary>
    public string Phone => _options.Phone;

    /// <summary>The linked account's wid.</summary>
    public string AccountWid => _options.Phone + "@c.us";

    /// <summary>The current settings.</summary>
    public SandboxSettings Settings
    {
        get
        {
            lock (_store.Gate)
            {
                return _store.CurrentSettings;
            }
        }
    }

    /// <summary>Whether the linked device has a connection (false refuses pages).</summary>
    public bool Online => Settings.NetworkOnline;

    // ---------------------------------------------------------------- pages

    /// <summary>Runs one page's WebSocket until it closes.</summary>
    public async Task AcceptAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var page = new PageConnection(socket);
        lock (_pages)
        {
            _connections.Add(page);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        try
        {
            await page.RunAsync(OnFrameAsync, linked.Token);
        }
        finally
        {
            lock (_pages)
            {
                _connections.Remove(page);
                if (_active == page)
                {
                    _active = null;
                }
            }
        }
    }

    /// <summary>
    /// The gateway is stopping: every page gets a 1001 close (like a server going away; the page
    /// reconnects to the next run) so shutdown does not wait for open sockets.
    /// </summary>
    public void CloseAllPages()
    {
        PageConnection[] pages;
        lock (_pages)
        {
            pages = [.. _connections];
        }

        foreach (var page in pages)
        {
            page.Close(1001, "the gateway is stopping");
        }
    }

    private Task OnFrameAsync(PageConnection page, JsonObject frame)
    {
        try
        {
            switch ((string?)frame["type"])
            {
                case "hello":
                    OnHello(page, frame);
                    break;
                case "refresh_qr":
                    if (!page.HasValidCreds)
                    {
                        StartQrSeries(page);
                    }

                    break;
                case "takeover":
                    if (page.HasValidCreds && DeviceMatches(page))
                    {
                        Activate(page);
                    }

                    break;
                case "logout":
                    if (page.HasValidCreds)
                    {
                        Unlink("logged out from the device");
                    }

                    break;
                case "received":
                    OnReceived(frame);
                    break;
                case "send":
                    OnSend(page, frame);
                    break;
                case "query_exists":
                    OnQueryExists(page, frame);
                    break;
                case "load_msg":
                    OnLoadMsg(page, frame);
                    break;
                case "link_code":
                    OnLinkCode(page, frame);
                    break;
                case "create_group":
                    OnCreateGroup(page, frame);
                    break;
            }
        }
        catch (Exception ex)
        {
            LogFrameFailed(ex, (string?)frame["type"] ?? "?");
            if (frame["reqId"] is not null)
            {
                page.Send(new JsonObject { ["type"] = "result", ["reqId"] = frame["reqId"]!.DeepClone(), ["ok"] = false, ["error"] = ex.Message });
            }
        }

        return Task.CompletedTask;
    }

    private void OnHello(PageConnection page, JsonObject frame)
    {
        page.NoiseKey = (string?)frame["noiseKey"] ?? "";
        page.IdentityKey = (string?)frame["identityKey"] ?? "";
        page.AdvSecret = (string?)frame["advSecret"] is { Length: > 0 } adv
            ? adv
            : Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        page.Send(new JsonObject { ["type"] = "hello_ok", ["reconnectMs"] = 1000, ["platform"] = "WEB" });
        if (frame["creds"] is JsonObject creds)
        {
            var device = Device();
            if (device is not null && (string?)creds["deviceId"] == device.DeviceId && (string?)creds["token"] == device.Token)
            {
                page.HasValidCreds = true;
                page.DeviceId = device.DeviceId;
                Activate(page);
            }
            else
            {
                page.Send(new JsonObject { ["type"] = "bad_creds" });
            }

            return;
        }

        StartQrSeries(page);
    }

    private LinkedDevice? Device()
    {
        lock (_store.Gate)
        {
            return _store.Device;
        }
    }

    private bool DeviceMatches(PageConnection page) => Device() is { } device && device.DeviceId == page.DeviceId;

    // The newest connection of the linked device wins; the one it replaces is told "conflict".
    private void Activate(PageConnection page)
    {
        PageConnection? previous;
        lock (_pages)
        {
            previous = _active;
            _active = page;
        }

        if (previous is not null && previous != page)
        {
            previous.Send(new JsonObject { ["type"] = "conflict" });
        }

        page.StopQrSeries();
        page.Send(ConnectedFrame());
        PushPending(page);
    }

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
            var history = inbox.Where(m => m.DeliveredToDevice).Select(m => (m.ChatId, m.Time, m.Seq, Wire: Serialize(m, decrypted: true)))
                .Concat(sent.Select(m => (m.ChatId, m.Time, m.Seq, Wire: SerializeSent(m))));
            foreach (var chat in history.GroupBy(m => m.ChatId))
            {
                chats[chat.Key]["msgs"] = new JsonArray(chat.OrderBy(m => m.Time).ThenBy(m => m.Seq).TakeLast(HistoryPerChat).Select(m => (JsonNode)m.Wire).ToArray());
            }

            // Contacts come with their linked id, as the real page learns them.
            var contacts = inbox.Where(m => !m.FromMe).GroupBy(m => m.From)
                .Select(g => (JsonNode)new JsonObject
                {
                    ["id"] = g.Key,
                    ["lid"] = SandboxLids.LidOf(g.Key[..g.Key.IndexOf('@', StringComparison.Ordinal)]) + "@lid",
                    ["name"] = g.Last().SenderName,
                    ["pushname"] = g.Last().SenderName,
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

        foreach (var message in inbox)
        {
            page.Send(new JsonObject { ["type"] = "msg", ["msg"] = Serialize(message, decrypted: !message.CiphertextFirst || message.Decrypted) });
            if (message.CiphertextFirst && !message.Decrypted)
            {
                ScheduleDecrypt(message.Seq);
            }
        }

        foreach (var message in acks)
        {
            PushAck(message);
        }
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

        if (!ChatIds.IsChatId(chatId))
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
        if (input.Media is null && string.IsNullOrEmpty(input.Body))
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
        };
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
            page.Send(new JsonObject { ["type"] = "msg", ["msg"] = Serialize(message, decrypted: !message.CiphertextFirst) });
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
        lock (_store.Gate)
        {
            // Every send is recorded, also a repeated id: that is how tests see a duplicate.
            sent.Seq = _store.Next("sent");
            _store.Sent.Insert(sent);
        }

        Reply(page, frame, new JsonObject { ["ack"] = 1, ["t"] = sent.Time });
        ScheduleAcks(sent.SerializedId);
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
            Gid = "120363" + string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10)))) + "@g.us",
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

    private void ScheduleAcks(string serializedId)
    {
        var settings = Settings;
        if (settings.AutoDeliverMs >= 0)
        {
            _ = AfterAsync(settings.AutoDeliverMs, () =>
            {
                ApplyAutoAck(serializedId, 2);
                if (settings.AutoReadMs >= 0)
                {
                    _ = AfterAsync(settings.AutoReadMs, () => ApplyAutoAck(serializedId, 3));
                }
            });
        }
    }

    private void ApplyAutoAck(string serializedId, int ack)
    {
        SentMessage? last = null;
        lock (_store.Gate)
        {
            foreach (var message in _store.Sent.Find(m => m.SerializedId == serializedId && m.Ack < ack).ToList())
            {
                message.Ack = ack;
                _store.Sent.Update(message);
                last = message;
            }
        }

        if (last is not null)
        {
            PushAck(last);
        }
    }

    // After a restart, acks that were still to come are scheduled again.
    private void ResumePendingAcks()
    {
        var settings = _store.CurrentSettings;
        foreach (var message in _store.Sent.Find(m => m.Ack < 3).ToList())
        {
            if (message.Ack < 2)
            {
                ScheduleAcks(message.SerializedId);
            }
            else if (settings.AutoReadMs >= 0)
            {
                _ = AfterAsync(settings.AutoReadMs, () => ApplyAutoAck(message.SerializedId, 3));
            }
        }
    }

    private void PushAck(SentMessage message)
    {
        if (ActivePage() is not { } page)
        {
            return;
        }

        page.Send(new JsonObject { ["type"] = "ack", ["id"] = $"true_{WireChatOf(message)}_{message.KeyId}", ["ack"] = message.Ack });
        lock (_store.Gate)
        {
            foreach (var row in _store.Sent.Find(m => m.SerializedId == message.SerializedId && m.AckPushed < message.Ack).ToList())
            {
                row.AckPushed = message.Ack;
                _store.Sent.Update(row);
            }
        }
    }

    private void ScheduleDecrypt(long seq) => _ = AfterAsync(Settings.CiphertextMs, () =>
    {
        InboxMessage? message;
        lock (_store.Gate)
        {
            message = _store.Inbox.FindById(seq);
            if (message is null || message.Decrypted)
            {
                return;
            }

            message.Decrypted = true;
            _store.Inbox.Update(message);
        }

        ActivePage()?.Send(new JsonObject { ["type"] = "msg_decrypted", ["msg"] = Serialize(message, decrypted: true) });
    });

    private async Task AfterAsync(int delayMs, Action action)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, delayMs)), _time, _shutdown.Token);
            action();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogTimerFailed(ex);
        }
    }

    // The chat a sent message is in, as the page addresses it (what it sent to, else by the setting).
    private string WireChatOf(SentMessage message) => message.WireChatId ?? ToWire(message.ChatId, Settings.LidAddressing);

    private JsonObject SerializeSent(SentMessage message)
    {
        var chat = WireChatOf(message);
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

        return json;
    }

    private JsonObject Serialize(InboxMessage message, bool decrypted)
    {
        // With linked-id addressing the page sees people by LID, with the phone number beside
        // the sender (as WhatsApp's stanzas carry it).
        var lids = Settings.LidAddressing;
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
        ["participants"] = new JsonArray(group.Participants.Select(p => (JsonNode)new JsonObject { ["id"] = ToWire(p, lids), ["isAdmin"] = p == group.Creator }).ToArray()),
        ["creator"] = ToWire(group.Creator, lids),
        ["creation"] = group.Created,
        ["isLidAddressingMode"] = lids,
    };

    private static string MediaType(string? mimetype) => mimetype switch
    {
        not null when mimetype.StartsWith("image/", StringComparison.Ordinal) => "image",
        not null when mimetype.StartsWith("video/", StringComparison.Ordinal) => "video",
        not null when mimetype.StartsWith("audio/ogg", StringComparison.Ordinal) => "ptt",
        not null when mimetype.StartsWith("audio/", StringComparison.Ordinal) => "audio",
        _ => "document",
    };

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Sandbox: a '{Type}' frame from a page failed")]
    private partial void LogFrameFailed(Exception ex, string type);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Sandbox: device {DeviceId} linked")]
    private partial void LogLinked(string deviceId);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Sandbox: device unlinked ({Reason})")]
    private partial void LogUnlinked(string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Sandbox: a scheduled step failed")]
    private partial void LogTimerFailed(Exception ex);
}

/// <summary>A message a contact (or the account's phone) sends through the phone API.</summary>
public sealed record IncomingMessage(
    string From,
    string? ChatId,
    string? To,
    string? Body,
    string? Type,
    string? SenderName,
    IncomingMedia? Media,
    bool CiphertextFirst);

/// <summary>A media attachment of an <see cref="IncomingMessage"/>.</summary>
public sealed record IncomingMedia(string? Mimetype, string? Filename, string? Data);
