using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

/// <summary>
/// The WhatsApp session: one WhatsApp Web page in Chromium (a persistent profile, so the login
/// survives restarts) driven through Playwright. A supervisor keeps the browser running (restarts
/// it with backoff when it crashes or closes); the page script (<see cref="PageScript"/>) reports
/// state, QR codes, messages and acks through one binding, which a single reader turns into
/// <see cref="IEngineEvents"/> calls in order.
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

    public PlaywrightEngine(IOptions<BrowserOptions> options, IWhatsAppWebAddress address, string profileDir, TimeProvider time, ILogger<PlaywrightEngine> logger)
    {
        _options = options.Value;
        _waJs = WaJsBundle.Load(_options.WaJsPath);
        _address = address;
        _profileDir = profileDir;
        _time = time;
        _logger = logger;
    }

    /// <summary>The Chromium process id of the running session, when there is one (tests kill it).</summary>
    public int? BrowserProcessId { get; private set; }

    /// <inheritdoc />
    public Task StartAsync(IEngineEvents events, CancellationToken cancellationToken)
    {
        _events = events;
        _reader = Task.Run(() => ReadPageEventsAsync(_stopping.Token), CancellationToken.None);
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

        _inbox.Writer.TryComplete();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        _playwright?.Dispose();
        _playwright = null;
    }

    /// <inheritdoc />
    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.File is { } file)
        {
            await CallAsync("sendMedia", new
            {
                chatId = message.ChatId,
                keyId = message.KeyId,
                caption = message.Body,
                filename = file.Filename,
                mimetype = file.MimeType,
                data = Convert.ToBase64String(file.Content.Span),
            }, cancellationToken);
            return;
        }

        await CallAsync("sendText", new
        {
            chatId = message.ChatId,
            keyId = message.KeyId,
            body = message.Body,
            quotedMsgId = message.QuotedMsgId,
            mentioned = message.MentionedPhones,
        }, cancellationToken);
    }

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
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        if (_page is null)
        {
            // No page to log out through: forget the login with the profile and start again.
            lock (_gate)
            {
                _forgetLogin = true;
            }

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
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Restart()
    {
        lock (_gate)
        {
            _restart.TrySetResult();
        }
    }

    // ---------------------------------------------------------------- the browser's life

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var delay = _options.RestartDelayMs;
        while (!stopping.IsCancellationRequested)
        {
            var restartAsked = false;
            var failure = "the browser closed";
            try
            {
                restartAsked = await RunBrowserAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (BrowserNotFoundException ex)
            {
                LogNoBrowser(ex.Message);
                failure = ex.Message;
            }
            catch (Exception ex)
            {
                LogBrowserFailed(ex);
                failure = ex.Message;
            }

            if (stopping.IsCancellationRequested)
            {
                break;
            }

            if (restartAsked)
            {
                delay = _options.RestartDelayMs;
                continue;
            }

            LogRestarting(delay);
            await ReportAsync(_status.BrowserStarting($"{failure} (trying again in {delay} ms)"), stopping);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = (int)Math.Min((long)delay * 2, _options.MaxRestartDelayMs);
        }
    }

    /// <summary>Runs one browser until it ends; true when a restart was asked for (reboot, logout).</summary>
    private async Task<bool> RunBrowserAsync(CancellationToken stopping)
    {
        Task restart;
        bool forget;
        lock (_gate)
        {
            if (_restart.Task.IsCompleted)
            {
                _restart = NewSignal();
            }

            restart = _restart.Task;
            forget = _forgetLogin;
            _forgetLogin = false;
        }

        await ReportAsync(_status.BrowserStarting("starting the browser"), stopping);
        var executable = ChromiumLocator.Find(_options.ExecutablePath);
        var url = await _address.GetAsync(stopping);
        if (forget && Directory.Exists(_profileDir))
        {
            Directory.Delete(_profileDir, recursive: true);
        }

        Directory.CreateDirectory(_profileDir);
        _playwright ??= await Playwright.CreateAsync();
        var args = ChromiumFlags.For(_options.LoopbackOnly, _options.ExtraArgs);
        var context = await _playwright.Chromium.LaunchPersistentContextAsync(_profileDir, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = executable,
            Headless = _options.Headless,
            Args = args,
            UserAgent = _options.UserAgent,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var ended = NewSignal();
        try
        {
            context.Close += (_, _) => ended.TrySetResult();
            await context.ExposeBindingAsync(Binding, (BindingSource _, string batch) => _inbox.Writer.TryWrite(batch));
            // wa-js first (it traps the page's module loader as soon as it appears), then our bridge.
            await context.AddInitScriptAsync(_waJs.Source);
            await context.AddInitScriptAsync(PageScript.Build(_options));
            var page = (context.Pages.Count > 0 ? context.Pages[0] : null) ?? await context.NewPageAsync();
            page.Crash += (_, _) => ended.TrySetResult();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    LogPageConsole(message.Type, message.Text);
                }
            };
            page.Close += (_, _) => ended.TrySetResult();
            BrowserProcessId = FindBrowserProcess();
            LogBrowserStarted(executable, url, BrowserProcessId);
            LogWaJs(_waJs.PinnedVersion ?? "from a file", _waJs.Origin, _waJs.Sha256);
            await ReportAsync(_status.PageLoading(), stopping);
            _page = page;
            await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit, Timeout = _options.ReadyTimeoutSeconds * 1000 });

            var finished = await Task.WhenAny(ended.Task, restart, Task.Delay(Timeout.Infinite, stopping));
            if (finished == ended.Task)
            {
                LogBrowserEnded();
            }

            return finished == restart;
        }
        finally
        {
            _page = null;
            BrowserProcessId = null;
            try
            {
                await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                // Already gone (crashed or killed).
            }
        }
    }

    // The newest chromium whose command line names our profile (for diagnostics and crash tests).
    private int? FindBrowserProcess()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc").Reverse())
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    continue;
                }

                string cmdline;
                try
                {
                    cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                }
                catch (IOException)
                {
                    continue;
                }
                catch (UnauthorizedAccessException)
                {
                    continue;
                }

                if (cmdline.Contains("--user-data-dir=" + _profileDir, StringComparison.Ordinal) && !cmdline.Contains("--type=", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }

        return null;
    }

    // ---------------------------------------------------------------- page -> gateway

    private async Task ReadPageEventsAsync(CancellationToken stopping)
    {
        await foreach (var batch in _inbox.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await HandleBatchAsync(batch, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogEventsFailed(ex);
            }
        }
    }

    private async Task HandleBatchAsync(string batch, CancellationToken stopping)
    {
        using var document = JsonDocument.Parse(batch);
        var facts = new List<EngineFact>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var kind = item.GetProperty("kind").GetString();
            if (kind is "msg" or "ack")
            {
                if (PageEvents.ToFact(item) is { } fact)
                {
                    facts.Add(fact);
                }

                continue;
            }

            // Keep the order: what happened before a status change is committed first.
            await FlushAsync(facts, stopping);
            switch (kind)
            {
                case "ready":
                    LogPageReady(item.GetProperty("version").GetString() ?? "?", item.GetProperty("url").GetString() ?? "?");
                    break;
                case "fatal":
                    var error = item.GetProperty("error").GetString() ?? "unknown error";
                    LogPageFatal(error);
                    await ReportAsync(new EngineStatus(AccountStatus.Loading, Details: new StatusDetails("opening", "WhatsApp Web cannot be driven", error, Reason: "page_error")), stopping);
                    break;
                case "state":
                    await ReportAsync(_status.State(item.GetProperty("state").GetString() ?? "", item.GetProperty("synced").GetBoolean()), stopping);
                    break;
                case "qr":
                    await ReportAsync(_status.Qr(item.GetProperty("text").GetString() ?? ""), stopping);
                    break;
                case "logout":
                    LogLoggedOut();
                    await ReportAsync(_status.LoggedOut(), stopping);
                    break;
            }
        }

        await FlushAsync(facts, stopping);
    }

    private async Task FlushAsync(List<EngineFact> facts, CancellationToken stopping)
    {
        if (facts.Count == 0 || _events is null)
        {
            return;
        }

        await _events.FactsAsync([.. facts], stopping);
        facts.Clear();
    }

    private async Task ReportAsync(EngineStatus status, CancellationToken stopping)
    {
        if (_events is not null)
        {
            await _events.StatusChangedAsync(status, stopping);
        }
    }

    // ---------------------------------------------------------------- gateway -> page

    private async Task<JsonElement> CallAsync(string name, object args, CancellationToken cancellationToken)
    {
        var page = _page ?? throw new EngineException("The browser session is not running.");
        JsonElement answer;
        try
        {
            answer = await page.EvaluateAsync<JsonElement>(CallScript, new object[] { name, JsonSerializer.Serialize(args) })
                .WaitAsync(TimeSpan.FromSeconds(_options.CallTimeoutSeconds), cancellationToken);
        }
        catch (PlaywrightException ex)
        {
            throw new EngineException($"WhatsApp Web failed during '{name}': {ex.Message}", ex);
        }
        catch (TimeoutException ex)
        {
            throw new EngineException($"WhatsApp Web did not answer '{name}' within {_options.CallTimeoutSeconds} s.", ex);
        }

        if (!answer.GetProperty("ok").GetBoolean())
        {
            var permanent = answer.TryGetProperty("permanent", out var p) && p.ValueKind == JsonValueKind.True;
            throw new EngineException(answer.GetProperty("error").GetString() ?? $"'{name}' failed") { Permanent = permanent };
        }

        return answer.TryGetProperty("data", out var data) ? data.Clone() : default;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Browser started: {Executable} on {Url} (pid {Pid})")]
    private partial void LogBrowserStarted(string executable, Uri url, int? pid);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "The browser or its page closed or crashed")]
    private partial void LogBrowserEnded();

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "The browser session failed")]
    private partial void LogBrowserFailed(Exception ex);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Restarting the browser in {DelayMs} ms")]
    private partial void LogRestarting(int delayMs);

    [LoggerMessage(EventId = 404, Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogNoBrowser(string message);

    [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "WhatsApp Web {Version} is ready at {Url}")]
    private partial void LogPageReady(string version, string url);

    [LoggerMessage(EventId = 406, Level = LogLevel.Error, Message = "The page script stopped: {Error}")]
    private partial void LogPageFatal(string error);

    [LoggerMessage(EventId = 407, Level = LogLevel.Information, Message = "The session was logged out; a new QR code follows")]
    private partial void LogLoggedOut();

    [LoggerMessage(EventId = 408, Level = LogLevel.Error, Message = "Events from the page could not be handled")]
    private partial void LogEventsFailed(Exception ex);

    [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "Page console {Type}: {Text}")]
    private partial void LogPageConsole(string type, string text);

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "Injecting wa-js {Version} ({Origin}, sha256 {Sha256})")]
    private partial void LogWaJs(string version, string origin, string sha256);

    [LoggerMessage(EventId = 409, Level = LogLevel.Warning, Message = "The browser took long to stop")]
    private partial void LogStopSlow();
}
