using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.Features;

namespace WaGrpc.Server.Instances;

/// <summary>
/// A request's services when it is for an instance: the gateway's own types (and generic types over
/// them, such as IOptions&lt;OutboundOptions&gt; or ILogger&lt;OutboundDispatcher&gt;) come from the
/// instance's container, everything else (ASP.NET Core, gRPC, authentication) from the host's. So
/// a gRPC service, a minimal API handler or an interceptor built for the request gets the store,
/// engine, settings and options of that instance and no other. The gateway's host-wide types
/// (the registry, the admin token) that no instance registers come from the host.
/// </summary>
internal sealed class InstanceRequestServices(IServiceProvider instance, IServiceProvider host)
    : IServiceProvider, IServiceProviderIsService, IServiceProvidersFeature
{
    private static readonly Assembly[] OwnAssemblies =
    [
        typeof(InstanceRequestServices).Assembly,
        typeof(Core.Instances.InstanceContext).Assembly,
        typeof(Storage.WaGrpcDatabase).Assembly,
        typeof(Sandbox.SandboxOptions).Assembly,
        typeof(Browser.BrowserOptions).Assembly,
    ];

    // The answer per type never changes; requests ask for the same few types again and again.
    private static readonly ConcurrentDictionary<Type, bool> Known = new();

    public IServiceProvider RequestServices
    {
        get => this;
        set => throw new NotSupportedException("An instance request's services are fixed.");
    }

    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IServiceProvider) || serviceType == typeof(IServiceProviderIsService))
        {
            return this;
        }

        return IsInstanceType(serviceType) ? instance.GetService(serviceType) ?? host.GetService(serviceType) : host.GetService(serviceType);
    }

    public bool IsService(Type serviceType) =>
        (IsInstanceType(serviceType) && Knows(instance, serviceType)) || Knows(host, serviceType);

    private static bool Knows(IServiceProvider provider, Type serviceType) =>
        provider.GetService(typeof(IServiceProviderIsService)) is IServiceProviderIsService check && check.IsService(serviceType);

    /// <summary>True for the gateway's own types and constructed generics with one among their arguments.</summary>
    internal static bool IsInstanceType(Type type) => Known.GetOrAdd(type, Decide);

    private static bool Decide(Type type)
    {
        if (Array.IndexOf(OwnAssemblies, type.Assembly) >= 0 && !type.FullName!.StartsWith("WaGrpc.Contracts.", StringComparison.Ordinal))
        {
            return true;
        }

        if (type.IsArray)
        {
            return Decide(type.GetElementType()!);
        }

        return type.IsConstructedGenericType && type.GetGenericArguments().Any(Decide);
    }
}
