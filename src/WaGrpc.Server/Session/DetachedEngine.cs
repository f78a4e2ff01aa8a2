using WaGrpc.Core.Engine;

namespace WaGrpc.Server.Session;

/// <summary>
/// The engine used when no WhatsApp session engine is registered: the status stays "init" with a
/// note saying so, and queued messages wait. The browser engine replaces it.
/// </summary>
public sealed class DetachedEngine : IWhatsAppEngine
{
    private static readonly StatusDetails Details = new(
        "opening",
        "No WhatsApp session engine",
        "This gateway runs without a WhatsApp session engine; messages are queued until one is attached.",
        Reason: "connecting");

    public async Task StartAsync(IEngineEvents events, CancellationToken cancellationToken) =>
        await events.StatusChangedAsync(new EngineStatus(AccountStatus.Init, Details: Details), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        throw new EngineException("No WhatsApp session engine is attached.");

    public Task<bool> WasSentAsync(string chatId, string keyId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<GroupCreated> CreateGroupAsync(OutboundGroup group, CancellationToken cancellationToken) =>
        throw new EngineException("No WhatsApp session engine is attached.");

    public Task LogoutAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RebootAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
