using Microsoft.Playwright;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

// The login's second line of defence: the WhatsApp origin's storage (localStorage and IndexedDB),
// copied into the gateway's store after each login and every so often, and put back into the
// profile when a browser start finds no login there (docs/security.md).
public sealed partial class PlaywrightEngine
{
    private const string RestoreFileName = "wagrpc-session-restore.json";
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);
    private volatile IBrowserContext? _context;
    private Uri? _pageUrl;

    // Set at each browser start: has this start already looked for a login copy to put back?
    private bool _restoreLooked;

    // Set at each browser start: did putting the copy back fail? The network never saw that copy,
    // so the QR codes that follow say nothing against it: it is kept for the next start.
    private bool _restoreFailed;

    /// <summary>Copies the session's storage into the store (after a login, periodically, at a clean stop).</summary>
    private async Task SaveSnapshotAsync(string why, CancellationToken cancellationToken)
    {
        if (_snapshots is null || _context is not { } context)
        {
            return;
        }

        await _snapshotGate.WaitAsync(cancellationToken);
        try
        {
            var state = await context.StorageStateAsync(new() { IndexedDB = true });
            await _snapshots.SaveAsync(state, cancellationToken);
            LogSnapshotSaved(why, state.Length);
        }
        catch (Exception ex) when (ex is PlaywrightException or IOException or InvalidOperationException or TimeoutException)
        {
            // The browser went away meanwhile; the next login or refresh saves it.
            LogSnapshotFailed(ex, why);
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    /// <summary>
    /// The first QR code after a browser start means the profile holds no login. If the store has
    /// a copy, it goes back into the profile and the page reloads (true: the QR is not shown).
    /// Tried once per start: a copy the network refuses ends at a QR code again, which forgets it
    /// (a refusal at start-up can come before wa-js is ready to report the logout).
    /// </summary>
    private async Task<bool> TryRestoreSnapshotAsync(CancellationToken cancellationToken)
    {
        if (_restoreLooked || _snapshots is null || _context is not { } context || _page is not { } page || _pageUrl is not { } url)
        {
            return false;
        }

        _restoreLooked = true;
        var snapshot = await _snapshots.LoadAsync(cancellationToken);
        if (snapshot is null)
        {
            return false;
        }

        var file = Path.Combine(_profileDir, RestoreFileName);
        await _snapshotGate.WaitAsync(cancellationToken);
        try
        {
            // Off the WhatsApp origin first: its open IndexedDB connections would block the reset.
            await page.GotoAsync("about:blank");
            // Readable by this user only, and deleted as soon as the browser has read it.
            var secret = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                secret.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var stream = new FileStream(file, secret))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(snapshot.State.AsMemory(), cancellationToken);
            }

            await context.SetStorageStateAsync(file);
            LogSnapshotRestored(snapshot.SavedAt);
            await ReportAsync(_status.PageLoading(), cancellationToken);
            await OpenWhatsAppAsync(page, url);
            return true;
        }
        catch (Exception ex) when (ex is PlaywrightException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            LogSnapshotRestoreFailed(ex);
            _restoreFailed = true;
        }
        finally
        {
            DeleteRestoreFile(file);
            _snapshotGate.Release();
        }

        // Back from about:blank to WhatsApp Web, which shows its QR code again.
        try
        {
            await OpenWhatsAppAsync(page, url);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            // The browser is going away; its supervisor starts the next one.
        }

        return false;
    }

    private static void DeleteRestoreFile(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not a file we wrote (what stood in the way of writing it).
        }
    }

    /// <summary>The login is gone for good (logout, unlink, a refused copy): so is its copy.</summary>
    private async Task ForgetSnapshotAsync(CancellationToken cancellationToken)
    {
        // Asked on every QR code: a delete answers whether there was a copy without reading it.
        if (_snapshots is not null && await _snapshots.ClearAsync(cancellationToken))
        {
            LogSnapshotForgotten();
        }
    }

    /// <summary>While the browser runs: a fresh copy every <see cref="BrowserOptions.SnapshotRefresh"/> when logged in.</summary>
    private async Task RefreshSnapshotsAsync(CancellationToken cancellationToken)
    {
        var every = _options.SnapshotRefresh;
        try
        {
            while (true)
            {
                await Task.Delay(every, _time, cancellationToken);
                if (_status.Current.Status == AccountStatus.Authenticated)
                {
                    await SaveSnapshotAsync("refresh", cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The browser ended.
        }
    }
}
