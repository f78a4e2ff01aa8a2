using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Core.Instances;

namespace WaGrpc.Browser;

/// <summary>Registers the WhatsApp Web session engine (Chromium through Playwright).</summary>
public static class BrowserServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="PlaywrightEngine"/> as the <see cref="IWhatsAppEngine"/> (unless one is
    /// registered), with its options from "WaGrpc:Browser". The host registers an
    /// <see cref="IWhatsAppWebAddress"/>; <paramref name="loopbackOnly"/> locks host names to
    /// loopback (sandbox mode).
    /// </summary>
    public static IServiceCollection AddWhatsAppWebEngine(this IServiceCollection services, bool loopbackOnly)
    {
        services.AddOptions<BrowserOptions>().BindConfiguration(BrowserOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(browser => browser.LoopbackOnly |= loopbackOnly);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWhatsAppEngine>(sp =>
        {
            var browser = sp.GetRequiredService<IOptions<BrowserOptions>>().Value;
            var instance = sp.GetRequiredService<InstanceContext>();
            // WaGrpc:Browser:ProfileDir names the default instance's profile only: two instances never share one.
            var profile = instance.IsDefault && !string.IsNullOrWhiteSpace(browser.ProfileDir)
                ? Path.GetFullPath(browser.ProfileDir)
                : Path.Combine(instance.DataDir, "browser-profile");
            return ActivatorUtilities.CreateInstance<PlaywrightEngine>(sp, profile);
        });
        return services;
    }
}
