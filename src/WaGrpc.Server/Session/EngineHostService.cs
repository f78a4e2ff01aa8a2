using WaGrpc.Core.Engine;

namespace WaGrpc.Server.Session;

/// <summary>Starts the WhatsApp engine with the gateway's event sink when the host starts, and stops it on shutdown.</summary>
public sealed class EngineHostService(IWhatsAppEngine engine, EngineEventSink sink) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(sink, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync(cancellationToken);
}
