using WaGrpc.Core.Engine;
using WaGrpc.Storage;

namespace WaGrpc.Server.Session;

/// <summary>The stored settings the engine reads when its browser starts (the proxy of POST /settings).</summary>
public sealed class EngineSettings(SettingsStore settings) : IEngineSettings
{
    /// <inheritdoc />
    public ProxyAddress? Proxy => ProxyAddress.Parse(settings.Get().Proxy);
}
