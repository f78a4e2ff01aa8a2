using System.Diagnostics.CodeAnalysis;
using WaGrpc.Core.Instances;

namespace WaGrpc.Server.Instances;

/// <summary>
/// One running instance: its context, its own container and the hosted services in it (session,
/// dispatchers, webhook sender...). Started and stopped as a whole by <see cref="InstanceRegistry"/>;
/// a failure to start leaves it <see cref="InstanceState.Failed"/> with the reason, and no other
/// instance is touched.
/// </summary>
public sealed partial class GatewayInstance(InstanceContext context, InstanceContainer container, ILogger logger) : IAsyncDisposable
{
    private readonly List<IHostedService> _started = [];
    private ServiceProvider? _services;

    public InstanceContext Context { get; } = context;

    public InstanceState State { get; private set; } = InstanceState.Starting;

    /// <summary>Why it failed to start (<see cref="InstanceState.Failed"/>); null otherwise.</summary>
    public string? Error { get; private set; }

    /// <summary>What made it fail to start (an options validation, a locked store...); null otherwise.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The instance's container (while it runs).</summary>
    public IServiceProvider Services => _services ?? throw new InvalidOperationException($"Instance {Context.Id} is {State.ToWire()}.");

    /// <summary>
    /// The running instance's <typeparamref name="T"/>; false while it starts or stops, after it
    /// failed, or when its container is being disposed (a delete racing the caller). For readers
    /// that go over all instances (health, metrics, the admin list) and skip one that is not there.
    /// </summary>
    public bool TryGet<T>([NotNullWhen(true)] out T? service)
        where T : notnull
    {
        service = default;
        if (State != InstanceState.Running || _services is not { } services)
        {
            return false;
        }

        try
        {
            service = services.GetRequiredService<T>();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Builds the container and starts its hosted services; false (and Failed) when that fails.</summary>
    public async Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _services = container.Build(Context);
            // The token first: a generated one is printed before anything else happens.
            _ = _services.GetRequiredService<Auth.InstanceToken>();
            foreach (var service in _services.GetServices<IHostedService>())
            {
                await service.StartAsync(cancellationToken);
                _started.Add(service);
            }

            State = InstanceState.Running;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failure = ex;
            Error = ex.GetBaseException().Message;
            LogStartFailed(logger, ex, Context.Id);
            await StopServicesAsync(CancellationToken.None);
            State = InstanceState.Failed;
            return false;
        }
    }

    /// <summary>Stops the hosted services (last started first) and disposes the container.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (State != InstanceState.Failed)
        {
            State = InstanceState.Stopping;
        }

        await StopServicesAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    private async Task StopServicesAsync(CancellationToken cancellationToken)
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].StopAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                LogStopFailed(logger, ex, Context.Id, _started[i].GetType().Name);
            }
        }

        _started.Clear();
        if (_services is { } services)
        {
            _services = null;
            await services.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Instance {InstanceId} failed to start; the other instances run on")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Instance {InstanceId}: {Service} failed to stop cleanly")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string instanceId, string service);
}
