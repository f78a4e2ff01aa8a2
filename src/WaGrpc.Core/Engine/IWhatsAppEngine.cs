namespace WaGrpc.Core.Engine;

/// <summary>
/// The one door between the gateway and a WhatsApp session. The gateway starts the engine with a
/// sink for what happens in the session (status and QR changes, batches of messages and acks) and
/// asks it to send, create groups, log out and reboot. Implementations never see storage or HTTP.
/// </summary>
public interface IWhatsAppEngine
{
    /// <summary>Starts the session; events flow into <paramref name="events"/> until <see cref="StopAsync"/>.</summary>
    Task StartAsync(IEngineEvents events, CancellationToken cancellationToken);

    /// <summary>Stops the session and releases its resources; the login is kept.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends one queued message under the id the gateway chose for it. Throws
    /// <see cref="EngineException"/> when it could not be sent (and may be retried). Answers what
    /// the page chose itself (a contact card's vCard, a forward's type and text).
    /// </summary>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>Tells whether the message with this key id already went out (for effectively-once retries).</summary>
    Task<bool> WasSentAsync(string chatId, string keyId, CancellationToken cancellationToken);

    /// <summary>Creates a group and answers its chat id ("&lt;id&gt;@g.us").</summary>
    Task<GroupCreated> CreateGroupAsync(OutboundGroup group, CancellationToken cancellationToken);

    /// <summary>
    /// Asks for a pairing code to link the session with the phone <paramref name="phone"/>
    /// (digits) instead of scanning the QR code: the 8 characters WhatsApp shows. Throws
    /// <see cref="EngineException"/> when the session cannot give one.
    /// </summary>
    Task<string> RequestPairingCodeAsync(string phone, CancellationToken cancellationToken);

    /// <summary>Asks WhatsApp whether the phone (digits) has an account; needs an authenticated session.</summary>
    Task<bool> CheckPhoneAsync(string phone, CancellationToken cancellationToken);

    /// <summary>Marks a chat read (its messages get read receipts).</summary>
    Task ReadChatAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds, removes, promotes or demotes a member of a group. Throws <see cref="EngineException"/>
    /// (permanent when WhatsApp refused: not a member, not an admin, ...).
    /// </summary>
    Task ChangeParticipantAsync(string groupId, string participant, ParticipantChange change, CancellationToken cancellationToken);

    /// <summary>The session's chats; needs an authenticated session.</summary>
    Task<IReadOnlyList<ChatSummary>> ListChatsAsync(CancellationToken cancellationToken);

    /// <summary>Takes the session back from another WhatsApp Web that opened it (a conflict).</summary>
    Task TakeoverAsync(CancellationToken cancellationToken);

    /// <summary>Logs the session out of WhatsApp; a new QR code follows.</summary>
    Task LogoutAsync(CancellationToken cancellationToken);

    /// <summary>Restarts the session (the browser), keeping the login.</summary>
    Task RebootAsync(CancellationToken cancellationToken);
}
