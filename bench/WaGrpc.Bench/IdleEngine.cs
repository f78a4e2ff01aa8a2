using WaGrpc.Core.Engine;

namespace WaGrpc.Bench;

/// <summary>A session that never connects: for measuring the API and the queue alone.</summary>
public sealed class IdleEngine : IWhatsAppEngine
{
    public Task StartAsync(IEngineEvents events, CancellationToken cancellationToken) =>
        events.StatusChangedAsync(new EngineStatus(AccountStatus.Loading), cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task<bool> CheckPhoneAsync(string phone, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task TakeoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReadChatAsync(string chatId, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task ChangeParticipantAsync(string groupId, string participant, ParticipantChange change, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task<IReadOnlyList<ChatSummary>> ListChatsAsync(CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task<bool> WasSentAsync(string chatId, string keyId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<GroupCreated> CreateGroupAsync(OutboundGroup group, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task<string> RequestPairingCodeAsync(string phone, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task LogoutAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RebootAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
