using System.Collections.Immutable;
using System.Threading.Channels;
using WaGrpc.Core.Engine;

namespace WaGrpc.Server.Session;

/// <summary>
/// The session's current status and QR code, as the engine last reported them, and the watchers
/// of its changes. Each watcher has its own small buffer that keeps the newest statuses.
/// </summary>
public sealed class SessionState(QrCodeRenderer renderer, TimeProvider time)
{
    private readonly Lock _gate = new();
    private ImmutableArray<Channel<SessionSnapshot>> _watchers = [];
    private SessionSnapshot _current = new(AccountStatus.Init, null, null, null, time.GetUtcNow());
    private TaskCompletionSource _authenticated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The current status.</summary>
    public SessionSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Applies a status from the engine; answers the previous one.</summary>
    public SessionSnapshot Update(EngineStatus status)
    {
        var png = status.Status == AccountStatus.GotQrCode && !string.IsNullOrEmpty(status.QrText) ? renderer.RenderPng(status.QrText) : null;
        var next = new SessionSnapshot(status.Status, png is null ? null : status.QrText, png, status.Details, time.GetUtcNow(), status.Page);
        SessionSnapshot previous;
        lock (_gate)
        {
            previous = _current;
            _current = next;
            if (next.Status == AccountStatus.Authenticated)
            {
                _authenticated.TrySetResult();
            }
            else if (_authenticated.Task.IsCompleted)
            {
                _authenticated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(next);
            }
        }

        return previous;
    }

    /// <summary>Completes when the session is authenticated.</summary>
    public Task WaitForAuthenticatedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _authenticated.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The current status, then every change, until cancelled.</summary>
    public async IAsyncEnumerable<SessionSnapshot> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SessionSnapshot>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            channel.Writer.TryWrite(_current);
            _watchers = _watchers.Add(channel);
        }

        try
        {
            await foreach (var snapshot in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return snapshot;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers = _watchers.Remove(channel);
            }
        }
    }
}
