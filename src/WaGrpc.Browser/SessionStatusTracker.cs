using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

/// <summary>
/// Turns what the page reports (Socket.state, hasSynced, the QR text) into the legacy account
/// status: init (browser starting), loading (page or sync), got qr code, authenticated.
/// </summary>
public sealed class SessionStatusTracker
{
    private bool _browserUp;
    private string _state = "";
    private bool _synced;
    private string? _qr;
    private PageDetails? _page;

    /// <summary>The status now.</summary>
    public EngineStatus Current { get; private set; } = Starting("starting the browser");

    /// <summary>The browser is (re)starting.</summary>
    public EngineStatus BrowserStarting(string why)
    {
        Reset(browserUp: false);
        return Current = Starting(why);
    }

    /// <summary>The browser runs and the page is loading.</summary>
    public EngineStatus PageLoading()
    {
        Reset(browserUp: true);
        return Current = Compute();
    }

    /// <summary>Socket.state or hasSynced changed.</summary>
    public EngineStatus State(string state, bool synced)
    {
        _browserUp = true;
        _state = state;
        _synced = synced;
        if (!state.StartsWith("UNPAIRED", StringComparison.Ordinal) || state == "UNPAIRED_IDLE")
        {
            // Out of pairing, or the refs ran out (a fresh QR is being asked for).
            _qr = null;
        }

        return Current = Compute();
    }

    /// <summary>A new QR text.</summary>
    public EngineStatus Qr(string text)
    {
        _qr = text;
        return Current = Compute();
    }

    /// <summary>The page reported what drives it (kept across restarts: a new report replaces it).</summary>
    public EngineStatus Page(PageDetails page)
    {
        _page = page;
        return Current = Compute();
    }

    /// <summary>The session was logged out (a new QR follows after the page reloads).</summary>
    public EngineStatus LoggedOut()
    {
        Reset(_browserUp);
        return Current = Compute();
    }

    // Nothing known of the page yet: no state, not synced, no QR.
    private void Reset(bool browserUp)
    {
        _browserUp = browserUp;
        _state = "";
        _synced = false;
        _qr = null;
    }

    private EngineStatus Compute() => ComputeStatus() with { Page = _page };

    private EngineStatus ComputeStatus()
    {
        if (!_browserUp)
        {
            return Starting("starting the browser");
        }

        if (_state == "CONNECTED" && _synced)
        {
            return new EngineStatus(AccountStatus.Authenticated);
        }

        if (_qr is not null && _state.StartsWith("UNPAIRED", StringComparison.Ordinal))
        {
            return new EngineStatus(AccountStatus.GotQrCode, _qr);
        }

        return new EngineStatus(AccountStatus.Loading, Details: _state switch
        {
            "" or "OPENING" => new StatusDetails("opening", "Loading WhatsApp Web", Reason: "loading"),
            "PAIRING" => new StatusDetails("opening", "Linking the device", Reason: "pairing"),
            "CONNECTED" => new StatusDetails("opening", "Loading your chats", Reason: "syncing"),
            "TIMEOUT" => new StatusDetails("opening", "Connection lost", "WhatsApp Web is reconnecting.", Reason: "timeout"),
            "CONFLICT" => new StatusDetails("opening", "WhatsApp is open elsewhere", "Taking the session back.", Reason: "conflict"),
            "UNPAIRED" or "UNPAIRED_IDLE" => new StatusDetails("opening", "Waiting for a QR code", Reason: "qr"),
            var other => new StatusDetails("opening", "WhatsApp Web state " + other, Reason: other.ToLowerInvariant()),
        });
    }

    private static EngineStatus Starting(string why) =>
        new(AccountStatus.Init, Details: new StatusDetails("opening", "Starting the browser", why, Reason: "init"));
}
