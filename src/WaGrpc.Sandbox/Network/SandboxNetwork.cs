using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    // Read on every send and ack: kept in memory, replaced when they change.
    private volatile SandboxSettings _settings;

    public SandboxNetwork(SandboxStore store, IOptions<SandboxOptions> options, TimeProvider time, ILogger<SandboxNetwork> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _settings = store.CurrentSettings;
        ResumePendingAcks();
    }

    /// <summary>The linked account's phone number (digits).</summary>
    public string Phone => _options.Phone;

    /// <summary>The linked account's wid.</summary>
    public string AccountWid => _options.Phone + "@c.us";

    /// <summary>The current settings.</summary>
    public SandboxSettings Settings => _settings;

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
                case "read":
                    OnRead(page, frame);
                    break;
                case "group_participants":
                    OnGroupParticipants(page, frame);
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
