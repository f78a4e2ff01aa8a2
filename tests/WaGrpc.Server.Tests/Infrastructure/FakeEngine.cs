using System.Collections.Concurrent;
using System.Threading.Channels;
using WaGrpc.Core.Engine;

namespace WaGrpc.Server.Tests.Infrastructure;

/// <summary>
/// A test double of the WhatsApp engine: the test sets the status and emits facts through the
/// gateway's real sink; sends, groups, logouts and reboots are recorded and can be made to fail.
/// Like the real page, a successful send is reported back as an outgoing message.
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

    public int LogoutCalls;
    public int RebootCalls;

    /// <summary>The next this-many sends throw a transient EngineException.</summary>
    public int FailNextSends;

    /// <summary>Sends to these chats fail permanently (a number not on WhatsApp).</summary>
    public ConcurrentDictionary<string, bool> UnknownChats { get; } = new();

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

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
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
        _sends.Writer.TryWrite(message);
        return Task.CompletedTask;
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
