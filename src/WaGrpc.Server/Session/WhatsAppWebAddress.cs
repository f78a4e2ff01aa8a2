using Microsoft.Extensions.Options;
using WaGrpc.Browser;
using WaGrpc.Core.Instances;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Session;

/// <summary>
/// Where the browser session opens WhatsApp Web: WaGrpc:Browser:WhatsAppWebUrl when set; else, in
/// sandbox mode, the stand-in on this gateway's own Rest endpoint (known once it listens), under
/// the instance's path prefix so that its page talks to the instance's own simulated network;
/// else https://web.whatsapp.com/.
/// </summary>
public sealed class WhatsAppWebAddress(
    IOptions<BrowserOptions> browser,
    IOptions<WaGrpcOptions> gateway,
    InstanceContext instance,
    ListeningEndpoints endpoints,
    IHostApplicationLifetime lifetime) : IWhatsAppWebAddress
{
    public async ValueTask<Uri> GetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(browser.Value.WhatsAppWebUrl))
        {
            return new Uri(browser.Value.WhatsAppWebUrl);
        }

        if (!gateway.Value.Sandbox)
        {
            return new Uri(BrowserOptions.DefaultWhatsAppWebUrl);
        }

        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task.WaitAsync(cancellationToken);
        }

        return new Uri(endpoints.RestUri, instance.PathPrefix + "/sandbox/web/");
    }
}
