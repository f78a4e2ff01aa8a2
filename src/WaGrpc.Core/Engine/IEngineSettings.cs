namespace WaGrpc.Core.Engine;

/// <summary>Settings an engine reads when it (re)starts its session, kept by the gateway.</summary>
public interface IEngineSettings
{
    /// <summary>The proxy the session's network goes through, or null for none.</summary>
    ProxyAddress? Proxy { get; }
}
