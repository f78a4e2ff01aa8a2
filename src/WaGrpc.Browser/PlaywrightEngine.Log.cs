using Microsoft.Extensions.Logging;

namespace WaGrpc.Browser;

// The engine's logs (event ids 400-429).
public sealed partial class PlaywrightEngine
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Browser started: {Executable} on {Url} (pid {Pid})")]
    private partial void LogBrowserStarted(string executable, Uri url, int? pid);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "The browser or its page closed or crashed")]
    private partial void LogBrowserEnded();

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "The browser session failed")]
    private partial void LogBrowserFailed(Exception ex);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Restarting the browser in {DelayMs} ms")]
    private partial void LogRestarting(long delayMs);

    [LoggerMessage(EventId = 404, Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogNoBrowser(string message);

    [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "WhatsApp Web {Version} is ready with wa-js {WaJsVersion} at {Url}")]
    private partial void LogPageReady(string version, string waJsVersion, string url);

    [LoggerMessage(EventId = 412, Level = LogLevel.Warning, Message = "wa-js {WaJsVersion} lacks {Missing} on this WhatsApp Web build: off are {Features}")]
    private partial void LogWaJsMissing(string waJsVersion, string missing, string features);

    [LoggerMessage(EventId = 413, Level = LogLevel.Debug, Message = "wa-js: {Text}")]
    private partial void LogWaJsConsole(string text);

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

    [LoggerMessage(EventId = 414, Level = LogLevel.Information, Message = "Saved a copy of the login ({Why}, {Chars} characters)")]
    private partial void LogSnapshotSaved(string why, int chars);

    [LoggerMessage(EventId = 415, Level = LogLevel.Warning, Message = "Could not save a copy of the login ({Why})")]
    private partial void LogSnapshotFailed(Exception ex, string why);

    [LoggerMessage(EventId = 416, Level = LogLevel.Warning, Message = "The browser profile holds no login: putting back the copy saved at {SavedAt:O}")]
    private partial void LogSnapshotRestored(DateTimeOffset savedAt);

    [LoggerMessage(EventId = 417, Level = LogLevel.Error, Message = "Could not put the login copy back into the browser profile")]
    private partial void LogSnapshotRestoreFailed(Exception ex);

    [LoggerMessage(EventId = 418, Level = LogLevel.Information, Message = "The login is gone: its copy is forgotten")]
    private partial void LogSnapshotForgotten();

    [LoggerMessage(EventId = 419, Level = LogLevel.Information, Message = "The browser starts through the proxy {Server} (the proxy setting)")]
    private partial void LogProxy(string server);

    [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "The proxy setting cannot be used; the browser starts without a proxy")]
    private partial void LogProxyUnreadable(Exception ex);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "A Chromium left by an earlier run still used the profile (pid {Pid}); it was ended before the new browser starts")]
    private partial void LogLeftoverBrowserEnded(int pid);

    [LoggerMessage(EventId = 422, Level = LogLevel.Debug, Message = "The browser start's large buffers were collected ({PauseMs:0.0} ms pause)")]
    private partial void LogSetupGarbageReleased(double pauseMs);
}
