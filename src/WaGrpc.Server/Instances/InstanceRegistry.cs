using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Instances;
using WaGrpc.Server.Auth;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Instances;

/// <summary>
/// The gateway's instances. The default one lives in WaGrpc:DataDir (as a single-number gateway
/// always did) under the id WaGrpc:InstanceId; the others in &lt;DataDir&gt;/instances/&lt;id&gt;/, each
/// with its token file, LiteDB file, browser profile and saved login. What is on disk is what
/// exists: every instance found there starts with the gateway; creating one writes its directory
/// (token included) before it starts; deleting one stops it, then removes its directory.
/// </summary>
public sealed partial class InstanceRegistry : IDisposable
{
    /// <summary>The folder of the non-default instances, inside WaGrpc:DataDir.</summary>
    public const string InstancesFolder = "instances";

    private const string CreatingSuffix = ".creating";
    private const string DeletingMark = ".deleting-";

    private readonly ConcurrentDictionary<string, GatewayInstance> _instances = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly IServiceProvider _host;
    private readonly ILogger<InstanceRegistry> _logger;
    private readonly string _instancesDir;
    private readonly string? _shard;
    private InstanceContainer? _container;

    public InstanceRegistry(IServiceProvider host, IOptions<WaGrpcOptions> options, ILogger<InstanceRegistry> logger)
    {
        _host = host;
        _logger = logger;
        var dataDir = Path.GetFullPath(options.Value.DataDir);
        _instancesDir = Path.Combine(dataDir, InstancesFolder);
        _shard = string.IsNullOrWhiteSpace(options.Value.Shard) ? null : options.Value.Shard.Trim();
        DefaultContext = new InstanceContext(options.Value.InstanceId, dataDir, isDefault: true);
    }

    /// <summary>The default instance's context (the unprefixed paths serve it).</summary>
    public InstanceContext DefaultContext { get; }

    /// <summary>The default instance, once started.</summary>
    public GatewayInstance Default => _instances.TryGetValue(DefaultContext.Id, out var instance)
        ? instance
        : throw new InvalidOperationException("The gateway has not started.");

    /// <summary>The instance with this id (the default one by its id too), or null.</summary>
    public GatewayInstance? Find(string id) => _instances.GetValueOrDefault(id);

    /// <summary>Every instance, the default first, then by id.</summary>
    public IReadOnlyList<GatewayInstance> All() =>
        [.. _instances.Values.OrderBy(i => i.Context.IsDefault ? 0 : 1).ThenBy(i => i.Context.Id, StringComparer.Ordinal)];

    /// <summary>The instances that are running.</summary>
    public IEnumerable<GatewayInstance> Running() => _instances.Values.Where(i => i.State == InstanceState.Running);

    /// <summary>
    /// Starts the default instance (its failure fails the start, as it always did), then every
    /// stored instance side by side (a failure leaves that one Failed and the others running).
    /// </summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_instancesDir);
        RemoveLeftovers();
        var first = Add(DefaultContext);
        if (!await first.StartAsync(cancellationToken))
        {
            // As a single-number gateway always did: the start fails with what failed (bad options, a locked data dir).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first.Failure!);
        }

        var stored = Directory.EnumerateDirectories(_instancesDir)
            .Select(Path.GetFileName)
            .Where(id => InstanceIds.IsValid(id) && id != DefaultContext.Id && File.Exists(Path.Combine(_instancesDir, id!, InstanceToken.FileName)))
            .Select(id => Add(new InstanceContext(id!, Path.Combine(_instancesDir, id!), isDefault: false)))
            .ToList();
        await Task.WhenAll(stored.Select(i => i.StartAsync(cancellationToken)));
    }

    /// <summary>Stops every instance (side by side).</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        var all = _instances.Values.ToList();
        await Task.WhenAll(all.Select(i => i.StopAsync(cancellationToken)));
    }

    /// <summary>Creates an instance (its directory and token first), starts it and answers it with its token.</summary>
    public async Task<(GatewayInstance Instance, string Token)> CreateAsync(string? requestedId, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var id = string.IsNullOrEmpty(requestedId) ? NewId() : requestedId;
            if (InstanceIds.Problem(id, _shard) is { } problem)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, problem));
            }

            if (_instances.ContainsKey(id) || Directory.Exists(Path.Combine(_instancesDir, id)))
            {
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"Instance {id} exists."));
            }

            var dir = Path.Combine(_instancesDir, id);
            var creating = dir + CreatingSuffix;
            var token = InstanceToken.NewToken();
            InstanceToken.Write(creating, token);
            Directory.Move(creating, dir);
            var instance = Add(new InstanceContext(id, dir, isDefault: false));
            if (!await instance.StartAsync(cancellationToken))
            {
                _instances.TryRemove(id, out _);
                RemoveDirectory(dir);
                throw new RpcException(new Status(StatusCode.Unavailable, $"Instance {id} could not start: {instance.Error}"));
            }

            LogCreated(_logger, id);
            return (instance, token);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Stops an instance and removes its data. The default instance stays.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (id == DefaultContext.Id)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "The default instance cannot be deleted."));
            }

            if (!_instances.TryRemove(id, out var instance))
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"No instance {id}."));
            }

            await instance.StopAsync(cancellationToken);
            // Renamed first: a crash halfway through a delete leaves no half-deleted instance to start.
            var dir = instance.Context.DataDir;
            var doomed = Path.Combine(_instancesDir, DeletingMark + id + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.Move(dir, doomed);
            RemoveDirectory(doomed);
            LogDeleted(_logger, id);
        }
        finally
        {
            _changes.Release();
        }
    }

    public void Dispose() => _changes.Dispose();

    private string NewId()
    {
        string id;
        do
        {
            id = InstanceIds.New(_shard);
        }
        while (_instances.ContainsKey(id) || Directory.Exists(Path.Combine(_instancesDir, id)));
        return id;
    }

    private GatewayInstance Add(InstanceContext context)
    {
        _container ??= ActivatorUtilities.CreateInstance<InstanceContainer>(_host);
        var instance = new GatewayInstance(context, _container, _logger);
        _instances[context.Id] = instance;
        return instance;
    }

    private void RemoveLeftovers()
    {
        foreach (var dir in Directory.EnumerateDirectories(_instancesDir))
        {
            var name = Path.GetFileName(dir);
            if (name.EndsWith(CreatingSuffix, StringComparison.Ordinal) || name.StartsWith(DeletingMark, StringComparison.Ordinal))
            {
                RemoveDirectory(dir);
            }
        }
    }

    private void RemoveDirectory(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogRemoveFailed(_logger, ex, dir);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Instance {InstanceId} created")]
    private static partial void LogCreated(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Instance {InstanceId} deleted")]
    private static partial void LogDeleted(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Could not remove {Directory}")]
    private static partial void LogRemoveFailed(ILogger logger, Exception exception, string directory);
}
