using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Instances;

namespace WaGrpc.Browser;

/// <summary>
/// The WhatsApp session: one WhatsApp Web page in Chromium (a persistent profile, so the login
/// survives restarts) driven through Playwright. A supervisor keeps the browser running (restarts
/// it with backoff when it crashes or closes); the page script (<see cref="PageScript"/>) reports
/// state, QR codes, messages and acks through one binding, which a single reader turns into
/// <see cref="IEngineEvents"/> calls in order. A copy of the login goes into the gateway's store
/// (<see cref="ISessionSnapshotStore"/>) and back into a profile that lost it.
/// </summary>
public sealed partial class PlaywrightEngine : IWhatsAppEngine, IAsyncDisposable
{
    private const string Binding = "__wagrpcEmit";

    private const string CallScript =
        "([name, json]) => window.__wagrpc ? window.__wagrpc.call(name, json) : { ok: false, error: 'the page script is not running', permanent: false }";

    private readonly BrowserOptions _options;
    private readonly WaJsBundle _waJs;
    private readonly IWhatsAppWebAddress _address;
    private readonly string _profileDir;
    private readonly TimeProvider _time;
    private readonly ILogger<PlaywrightEngine> _logger;
    private readonly ISessionSnapshotStore? _snapshots;
    private readonly IEngineSettings? _settings;
    private readonly KeyValuePair<string, object?> _instanceTag;
    private readonly Channel<string> _inbox = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly SessionStatusTracker _status = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private IEngineEvents? _events;
    private Task _supervisor = Task.CompletedTask;
    private Task _reader = Task.CompletedTask;
    private IPlaywright? _playwright;
    private volatile IPage? _page;
    private TaskCompletionSource _restart = NewSignal();
    private bool _forgetLogin;

    public PlaywrightEngine(
        IOptions<BrowserOptions> options,
        IWhatsAppWebAddress address,
        string profileDir,
        TimeProvider time,
        ILogger<PlaywrightEngine> logger,
        ISessionSnapshotStore? snapshots = null,
        IEngineSettings? settings = null,
        InstanceContext? instance = null)
    {
        _instanceTag = new("instance", instance?.Id ?? "");
        _options = options.Value;
        _waJs = WaJsBundle.Load(_options.WaJsPath);
        _address = address;
        _profileDir = profileDir;
        _time = time;
        _logger = logger;
        _snapshots = snapshots;
        _settings = settings;
    }

    /// <summary>The Chromium process id of the running session, when there is one (tests kill it).</summary>
    public int? BrowserProcessId { get; private set; }

    /// <inheritdoc />
    public Task StartAsync(IEngineEvents events, CancellationToken cancellationToken)
    {
        _events = events;
        _reader = Task.Run(() => ReadPageEventsAsync(_stopping.Token), CancellationToken.None);
        _sender = Task.Run(() => StartSendsAsync(_stopping.Token), CancellationToken.None);
        _supervisor = Task.Run(() => SuperviseAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await _supervisor.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogStopSlow();
        }

        _sends.Writer.TryComplete();
        _calls.FailAll("The browser session stopped.");
        await _sender.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        _inbox.Writer.TryComplete();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        _playwright?.Dispose();
        _playwright = null;
    }

    /// <inheritdoc />
    public async Task<bool> CheckPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        var data = await CallAsync("checkPhone", new { phone }, cancellationToken);
        return data.GetProperty("exists").GetBoolean();
    }

    /// <inheritdoc />
    public Task ReadChatAsync(string chatId, CancellationToken cancellationToken) => CallAsync("readChat", new { chatId }, cancellationToken);

    /// <inheritdoc />
    public Task ChangeParticipantAsync(string groupId, string participant, ParticipantChange change, CancellationToken cancellationToken) =>
        CallAsync("participant", new { groupId, participant, change = change.ToString().ToLowerInvariant() }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatSummary>> ListChatsAsync(CancellationToken cancellationToken)
    {
        var data = await CallAsync("dialogs", new { }, cancellationToken);
        return [.. data.GetProperty("chats").EnumerateArray().Select(c => new ChatSummary(
            c.GetProperty("id").GetString() ?? "",
            c.GetProperty("name").GetString() ?? "",
            c.GetProperty("isGroup").GetBoolean(),
            [.. c.GetProperty("participants").EnumerateArray().Select(p => p.GetString() ?? "")]))];
    }

    /// <inheritdoc />
    public Task TakeoverAsync(CancellationToken cancellationToken) => CallAsync("takeover", new { }, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> WasSentAsync(string chatId, string keyId, CancellationToken cancellationToken)
    {
        var data = await CallAsync("wasSent", new { chatId, keyId }, cancellationToken);
        return data.GetProperty("sent").GetBoolean();
    }

    /// <inheritdoc />
    public async Task<GroupCreated> CreateGroupAsync(OutboundGroup group, CancellationToken cancellationToken)
    {
        var data = await CallAsync("createGroup", new { name = group.Name, participants = group.Participants }, cancellationToken);
        var gid = data.GetProperty("gid").GetString() ?? throw new EngineException("WhatsApp Web answered no group id.");
        return new GroupCreated(gid);
    }

    /// <inheritdoc />
    public async Task<string> RequestPairingCodeAsync(string phone, CancellationToken cancellationToken)
    {
        var data = await CallAsync("pairingCode", new { phone }, cancellationToken);
        return data.GetProperty("code").GetString() ?? throw new EngineException("WhatsApp Web answered no pairing code.");
    }

    /// <inheritdoc />
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        if (_page is null)
        {
            // No page to log out through: forget the login with the profile and start again.
            lock (_gate)
            {
                _forgetLogin = true;
            }

            await ForgetSnapshotAsync(cancellationToken);

            Restart();
            return;
        }

        await CallAsync("logout", new { }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RebootAsync(CancellationToken cancellationToken)
    {
        Restart();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
        _snapshotGate.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Restart()
    {
        lock (_gate)
        {
            _restart.TrySetResult();
        }
    }
}
