using WaGrpc.Core.Engine;

namespace WaGrpc.Bench;

/// <summary>
/// A linked session whose incoming messages come from the benchmark: it reports itself
/// authenticated and hands batches of facts to the gateway's sink, as the browser engine does with
/// what the page reports (one FactsAsync call at a time, returning after the commit). Nothing is
/// ever sent.
/// </summary>
public sealed class EmittingEngine : IWhatsAppEngine
{
    /// <summary>The chat the messages come from.</summary>
    public const string ChatId = "17472822486@c.us";

    private readonly TaskCompletionSource<IEngineEvents> _events = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reports incoming messages; callers take turns (the sink takes one batch at a time).</summary>
    public async Task EmitAsync(IReadOnlyList<EngineFact> facts)
    {
        var events = await _events.Task;
        await events.FactsAsync(facts, CancellationToken.None);
    }

    /// <summary>An incoming text message with this key id (letters and digits) and body.</summary>
    public static MessageFact Incoming(string keyId, string body) => new(new WaMessage
    {
        Id = $"false_{ChatId}_{keyId}",
        ChatId = ChatId,
        Body = body,
        SenderName = "Bench",
        Author = ChatId,
        Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
    });

    public async Task StartAsync(IEngineEvents events, CancellationToken cancellationToken)
    {
        await events.StatusChangedAsync(new EngineStatus(AccountStatus.Authenticated), cancellationToken);
        _events.TrySetResult(events);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => throw new EngineException("the bench engine sends nothing");

    public Task<bool> CheckPhoneAsync(string phone, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task TakeoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReadChatAsync(string chatId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ChangeParticipantAsync(string groupId, string participant, ParticipantChange change, CancellationToken cancellationToken) =>
        throw new EngineException("the bench engine has no groups") { Permanent = true };

    public Task<IReadOnlyList<ChatSummary>> ListChatsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChatSummary>>([]);

    public Task<bool> WasSentAsync(string chatId, string keyId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<GroupCreated> CreateGroupAsync(OutboundGroup group, CancellationToken cancellationToken) =>
        throw new EngineException("the bench engine has no groups") { Permanent = true };

    public Task<string> RequestPairingCodeAsync(string phone, CancellationToken cancellationToken) => throw new EngineException("already linked");

    public Task LogoutAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RebootAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
