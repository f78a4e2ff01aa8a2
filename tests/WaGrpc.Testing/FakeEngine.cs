using System.Collections.Concurrent;
using System.Threading.Channels;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Testing;

/// <summary>
/// A test double of the WhatsApp engine: the test sets the status and emits facts through the
/// gateway's real sink; sends, groups, logouts and reboots are recorded and can be made to fail.
/// Like the real page, a successful send is reported back as an outgoing message (the bridge's
/// shape: id true_&lt;chat&gt;_&lt;key&gt;, ack pending, a file's text as caption with an empty
/// body), on its own path, racing the dispatcher's write as the page's binding does.
/// </summary>
public sealed class FakeEngine : IWhatsAppEngine
{
    private readonly Channel<OutboundMessage> _sends = Channel.CreateUnbounded<OutboundMessage>();
    private IEngineEvents? _events;

    /// <summary>Every message the gateway asked to send, in order.</summary>
    public ConcurrentQueue<OutboundMessage> Sent { get; } = new();

    /// <summary>Key ids the "page" knows as sent (WasSentAsync answers from it).</summary>
    public ConcurrentDictionary<string, bool> KnownSent { get; } = new();

    /// <summary>Groups the gateway asked to create.</summary>
    public ConcurrentQueue<OutboundGroup> Groups { get; } = new();

    /// <summary>Echoes the gateway has taken in (committed or dropped).</summary>
    public int EchoesTaken;

    public int LogoutCalls;
    public int RebootCalls;
    public int TakeoverCalls;

    /// <summary>The next this-many sends throw a transient EngineException.</summary>
    public int FailNextSends;

    /// <summary>Sends to these chats fail permanently (a number not on WhatsApp).</summary>
    public ConcurrentDictionary<string, bool> UnknownChats { get; } = new();

    /// <summary>How the echo of a send is timed: racing the dispatcher (default), before the send returns, or not at all.</summary>
    public EchoTiming Echo { get; set; } = EchoTiming.Racing;

    /// <summary>Runs inside each successful send, before it returns (a test's hook into the race).</summary>
    public Func<OutboundMessage, Task>? DuringSend { get; set; }

    /// <summary>The status reported at start.</summary>
    public EngineStatus InitialStatus { get; set; } = new(AccountStatus.Loading);

    public IEngineEvents Events => _events ?? throw new InvalidOperationException("The engine has not been started.");

    public async Task StartAsync(IEngineEvents events, CancellationToken cancellationToken)
    {
        _events = events;
        await events.StatusChangedAsync(InitialStatus, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask SetStatusAsync(AccountStatus status, string? qr = null) =>
        Events.StatusChangedAsync(new EngineStatus(status, qr), CancellationToken.None);

    public ValueTask EmitAsync(params EngineFact[] facts) => Events.FactsAsync(facts, CancellationToken.None);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (UnknownChats.ContainsKey(message.ChatId))
        {
            throw new EngineException($"{message.ChatId} is not on WhatsApp") { Permanent = true };
        }

        if (Interlocked.Decrement(ref FailNextSends) >= 0)
        {
            throw new EngineException("simulated transient failure");
        }

        Sent.Enqueue(message);
        KnownSent[message.KeyId] = true;
        switch (Echo)
        {
            case EchoTiming.BeforeReturn:
                await EchoAsync(message);
                break;
            case EchoTiming.Racing:
                _ = Task.Run(() => EchoAsync(message), CancellationToken.None);
                break;
        }

        if (DuringSend is { } hook)
        {
            await hook(message);
        }

        _sends.Writer.TryWrite(message);
        var (type, body) = Described(message);
        return message.Content is OutboundContacts or OutboundForward ? new SendResult(type, body) : SendResult.AsAsked;
    }

    // The type and body the page gives a message of ours (bridge calls.js loggedBody, the cards it makes for contacts).
    private static (string Type, string Body) Described(OutboundMessage message) => message.Content switch
    {
        OutboundLocation l => ("location", MessageTypes.LocationBody(l.Latitude, l.Longitude)),
        OutboundContacts c => ("vcard", string.Join("\n", c.ContactIds.Select(id => id.Split('@')[0]).Select(u =>
            $"BEGIN:VCARD\nVERSION:3.0\nN:;+{u};;;\nFN:+{u}\nTEL;type=CELL;type=VOICE;waid={u}:+{u}\nEND:VCARD"))),
        OutboundVCard v => ("vcard", v.VCard),
        OutboundVoiceNote => ("ptt", ""),
        OutboundForward => ("chat", ""),
        _ when message.File is { } file => (MessageTypes.OfFile(file.MimeType), ""),
        _ => ("chat", message.Body),
    };

    // What the bridge reports for a message this account sent (events.js describe()).
    private async Task EchoAsync(OutboundMessage message)
    {
        var isFile = message.File is not null;
        var (type, body) = Described(message);
        var echo = new WaMessage
        {
            Id = MessageIds.Outgoing(message.ChatId, message.KeyId),
            ChatId = message.ChatId,
            FromMe = true,
            Type = type,
            Body = body,
            Caption = isFile && message.Body.Length > 0 ? message.Body : null,
            QuotedMsgId = message.QuotedMsgId,
            Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Ack = AckLevel.Pending,
        };
        try
        {
            await Events.FactsAsync([new MessageFact(echo)], CancellationToken.None);
            Interlocked.Increment(ref EchoesTaken);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The gateway is stopping, as a page's last events can be lost with it.
        }
    }

    /// <summary>Waits for the next send.</summary>
    public Task<OutboundMessage> NextSendAsync() => _sends.Reader.ReadAsync().AsTask().DefaultTimeout();

    public Task<bool> WasSentAsync(string chatId, string keyId, CancellationToken cancellationToken) =>
        Task.FromResult(KnownSent.ContainsKey(keyId));

    public Task<GroupCreated> CreateGroupAsync(OutboundGroup group, CancellationToken cancellationToken)
    {
        Groups.Enqueue(group);
        return Task.FromResult(new GroupCreated($"1203630{group.QueueNumber:D8}@g.us", $"https://chat.whatsapp.com/Invite{group.QueueNumber}"));
    }

    /// <summary>The phones pairing codes were asked for.</summary>
    public ConcurrentQueue<string> PairingPhones { get; } = new();

    /// <summary>A code like the page's: 8 characters of Crockford-style base32, here derived from the phone.</summary>
    public Task<string> RequestPairingCodeAsync(string phone, CancellationToken cancellationToken)
    {
        PairingPhones.Enqueue(phone);
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(phone));
        return Task.FromResult(new string([.. hash.Take(8).Select(b => alphabet[b % alphabet.Length])]));
    }

    /// <summary>Numbers in <see cref="UnknownChats"/> (as "&lt;digits&gt;@c.us") are not on WhatsApp.</summary>
    public Task<bool> CheckPhoneAsync(string phone, CancellationToken cancellationToken) =>
        Task.FromResult(!UnknownChats.ContainsKey(phone + "@c.us"));

    /// <summary>The chats marked read, in order.</summary>
    public ConcurrentQueue<string> ReadChats { get; } = new();

    /// <summary>The group changes made, in order.</summary>
    public ConcurrentQueue<(string GroupId, string Participant, ParticipantChange Change)> ParticipantChanges { get; } = new();

    /// <summary>Refuses a group change as WhatsApp would (a permanent failure with this reason); null: accept.</summary>
    public Func<string, string, ParticipantChange, string?> RefuseChange { get; set; } = (_, _, _) => null;

    public Task ReadChatAsync(string chatId, CancellationToken cancellationToken)
    {
        ReadChats.Enqueue(chatId);
        return Task.CompletedTask;
    }

    public Task ChangeParticipantAsync(string groupId, string participant, ParticipantChange change, CancellationToken cancellationToken)
    {
        if (RefuseChange(groupId, participant, change) is { } reason)
        {
            throw new EngineException(reason) { Permanent = true };
        }

        ParticipantChanges.Enqueue((groupId, participant, change));
        return Task.CompletedTask;
    }

    /// <summary>What <see cref="ListChatsAsync"/> answers.</summary>
    public List<ChatSummary> Chats { get; } = [];

    public Task<IReadOnlyList<ChatSummary>> ListChatsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChatSummary>>([.. Chats]);

    public Task TakeoverAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref TakeoverCalls);
        return Task.CompletedTask;
    }

    public Task LogoutAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref LogoutCalls);
        return Task.CompletedTask;
    }

    public Task RebootAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref RebootCalls);
        return Task.CompletedTask;
    }
}
