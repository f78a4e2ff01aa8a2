using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;

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
            var dataDir = sp.GetRequiredService<IConfiguration>()["WaGrpc:DataDir"] is { Length: > 0 } dir ? dir : "data";
            var profile = Path.GetFullPath(string.IsNullOrWhiteSpace(browser.ProfileDir) ? Path.Combine(dataDir, "browser-profile") : browser.ProfileDir);
            return ActivatorUtilities.CreateInstance<PlaywrightEngine>(sp, profile);
        });
        return services;
    }
}
