using Microsoft.Playwright;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

// The browser's life: one persistent Chromium at a time, restarted with backoff when it ends.
public sealed partial class PlaywrightEngine
{
    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var delay = _options.RestartDelay;
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
                delay = _options.RestartDelay;
                continue;
            }

            LogRestarting((long)delay.TotalMilliseconds);
            BrowserMetrics.Restarts.Add(1, _instanceTag);
            await ReportAsync(_status.BrowserStarting($"{failure} (trying again in {(long)delay.TotalMilliseconds} ms)"), stopping);
            try
            {
                await Task.Delay(delay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRestartDelay.Ticks));
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
        var executable = ChromiumLocator.Find(_options.ExecutablePath, _options.Headless && _options.HeadlessShell);
        // The driver and Chromium start while the address may still wait for the host (sandbox
        // mode: the gateway's own endpoint, known once it listens), not after it: a shorter cold start.
        var address = _address.GetAsync(stopping).AsTask();
        // A browser left on the profile by a crashed run must not share it with the new one.
        foreach (var pid in await ProfileBrowsers.EndLeftoversAsync(_profileDir, TimeSpan.FromSeconds(10)))
        {
            LogLeftoverBrowserEnded(pid);
        }

        if (forget && Directory.Exists(_profileDir))
        {
            Directory.Delete(_profileDir, recursive: true);
        }

        Directory.CreateDirectory(_profileDir);
        if (_playwright is null)
        {
            _playwright = await PlaywrightDriver.TakeOrStartAsync();
        }

        var context = await _playwright.Chromium.LaunchPersistentContextAsync(_profileDir, BrowserLaunch.OptionsFor(_options, executable, ProxySetting()));
        var ended = NewSignal();
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            context.Close += (_, _) => ended.TrySetResult();
            await context.ExposeBindingAsync(Binding, (BindingSource _, string batch) => _inbox.Writer.TryWrite(batch));
            // wa-js first (its settings in front; it traps the page's module loader as soon as it appears), then our bridge.
            // Each on a thread of its own: the client's buffers sized to these large messages end with it.
            await ShortLivedThread.Run(() => context.AddInitScriptAsync(_waJs.InitScript()));
            await ShortLivedThread.Run(() => context.AddInitScriptAsync(PageScript.Build(_options)));
            var page = (context.Pages.Count > 0 ? context.Pages[0] : null) ?? await context.NewPageAsync();
            page.Crash += (_, _) => ended.TrySetResult();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    // wa-js names every optional WhatsApp module it looks for and misses: useful
                    // when a feature fails, noise otherwise.
                    if (message.Text.Contains(" was not found with ", StringComparison.Ordinal) || message.Text == "func is not a function")
                    {
                        LogWaJsConsole(message.Text);
                    }
                    else
                    {
                        LogPageConsole(message.Type, message.Text);
                    }
                }
            };
            page.Close += (_, _) => ended.TrySetResult();
            var url = await address;
            BrowserProcessId = ProfileBrowsers.Find(_profileDir) is [.., var newest] ? newest : null;
            LogBrowserStarted(executable, url, BrowserProcessId);
            LogWaJs(_waJs.PinnedVersion ?? "from a file", _waJs.Origin, _waJs.Sha256);
            await ReportAsync(_status.PageLoading(), stopping);
            _context = context;
            _pageUrl = url;
            _restoreLooked = false;
            _restoreFailed = false;
            _page = page;
            _ = RefreshSnapshotsAsync(running.Token);
            await OpenWhatsAppAsync(page, url);
            LogSetupGarbageReleased(SetupGarbage.Release());

            var finished = await Task.WhenAny(ended.Task, restart, Task.Delay(Timeout.Infinite, stopping));
            if (finished == ended.Task)
            {
                LogBrowserEnded();
            }

            return finished == restart;
        }
        finally
        {
            await running.CancelAsync();
            if (stopping.IsCancellationRequested && _status.Current.Status == AccountStatus.Authenticated)
            {
                // A clean stop: the freshest copy of the login goes into the store.
                await SaveSnapshotAsync("stop", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            _page = null;
            _calls.FailAll("The browser session ended before WhatsApp Web answered.");
            _context = null;
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

    // The page goes to WhatsApp Web (at a start, after a login copy is put back or could not be):
    // answered once the navigation commits; wa-js reports readiness later.
    private Task OpenWhatsAppAsync(IPage page, Uri url) =>
        page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit, Timeout = (float)_options.ReadyTimeout.TotalMilliseconds });

    // The proxy of the stored settings; a setting that cannot be read is logged and the browser goes direct.
    private ProxyAddress? ProxySetting()
    {
        try
        {
            var proxy = _settings?.Proxy;
            if (proxy is not null)
            {
                LogProxy(proxy.Server);
            }

            return proxy;
        }
        catch (Exception ex)
        {
            LogProxyUnreadable(ex);
            return null;
        }
    }
}
