namespace WaGrpc.Core.Engine;

/// <summary>The legacy account states.</summary>
public enum AccountStatus
{
    /// <summary>The session is starting.</summary>
    Init,

    /// <summary>The page or the sync is loading.</summary>
    Loading,

    /// <summary>A QR code waits to be scanned.</summary>
    GotQrCode,

    /// <summary>Linked and synced: messages can be sent.</summary>
    Authenticated,
}
