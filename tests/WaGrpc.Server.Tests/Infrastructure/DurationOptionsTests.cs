using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WaGrpc.Browser;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Auth;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Server.Webhooks;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Infrastructure;

/// <summary>
/// Durations are TimeSpans in configuration ("00:00:00.500"); the old whole-number keys
/// ("SendDelayMs") still work as deprecated aliases; an out-of-range value or an old key beside
/// its new one stops the start with a message that names the key.
/// </summary>
public sealed class DurationOptionsTests
{
    [Fact]
    public async Task NewKeys_BindAsTimeSpans()
    {
        await using var app = Build(new()
        {
            ["WaGrpc:Outbound:SendDelay"] = "00:00:00.250",
            ["WaGrpc:Outbound:SendJitter"] = "00:00:00.125",
            ["WaGrpc:Outbound:GroupCreateWait"] = "00:00:07",
            ["WaGrpc:Outbound:RetryDelay"] = "00:00:03",
            ["WaGrpc:Outbound:MaxRetryDelay"] = "00:02:00",
            ["WaGrpc:Outbound:DownloadTimeout"] = "00:00:45",
            ["WaGrpc:Browser:ReadyTimeout"] = "00:00:40",
            ["WaGrpc:Browser:CallTimeout"] = "00:00:50",
            ["WaGrpc:Browser:RestartDelay"] = "00:00:02",
            ["WaGrpc:Browser:MaxRestartDelay"] = "00:00:30",
            ["WaGrpc:Browser:SnapshotRefresh"] = "01:00:00",
            ["WaGrpc:RateLimit:Window"] = "00:02:00",
            ["WaGrpc:Webhook:Timeout"] = "00:00:09",
            ["WaGrpc:MediaRetention"] = "7.00:00:00",
        });

        AssertDurations(app);
    }

    [Fact]
    public async Task OldKeys_StillWork_AsTheirNewKeys()
    {
        await using var app = Build(new()
        {
            ["WaGrpc:Outbound:SendDelayMs"] = "250",
            ["WaGrpc:Outbound:SendJitterMs"] = "125",
            ["WaGrpc:Outbound:GroupCreateWaitSeconds"] = "7",
            ["WaGrpc:Outbound:RetryDelayMs"] = "3000",
            ["WaGrpc:Outbound:MaxRetryDelayMs"] = "120000",
            ["WaGrpc:Outbound:DownloadTimeoutSeconds"] = "45",
            ["WaGrpc:Browser:ReadyTimeoutSeconds"] = "40",
            ["WaGrpc:Browser:CallTimeoutSeconds"] = "50",
            ["WaGrpc:Browser:RestartDelayMs"] = "2000",
            ["WaGrpc:Browser:MaxRestartDelayMs"] = "30000",
            ["WaGrpc:Browser:SnapshotRefreshMinutes"] = "60",
            ["WaGrpc:RateLimit:WindowSeconds"] = "120",
            ["WaGrpc:Webhook:TimeoutSeconds"] = "9",
            ["WaGrpc:MediaRetentionDays"] = "7",
        });

        AssertDurations(app);
    }

    [Theory]
    [InlineData("WaGrpc:RateLimit:Window", "00:02:00")]
    [InlineData("WaGrpc:RateLimit:WindowSeconds", "120")]
    public async Task RateLimitWindow_NewOrOldKey_IsTheWindowUsed(string key, string value)
    {
        await using var host = await GatewayHost.StartAsync(new() { ["WaGrpc:RateLimit:PermitLimit"] = "1", [key] = value });
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, host.Url("/status"))).Status);

        using var refused = await host.Rest.GetAsync(host.Url("/status"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("at most 1 per 120 s", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData("WaGrpc:Outbound:SendDelay", "-00:00:01", "SendDelay")]
    [InlineData("WaGrpc:Outbound:MaxRetryDelay", "2.00:00:00", "MaxRetryDelay")]
    [InlineData("WaGrpc:Browser:CallTimeout", "00:00:00", "CallTimeout")]
    [InlineData("WaGrpc:Browser:SnapshotRefresh", "8.00:00:00", "SnapshotRefresh")]
    [InlineData("WaGrpc:RateLimit:Window", "00:00:00", "Window")]
    [InlineData("WaGrpc:Webhook:Timeout", "01:00:00", "Timeout")]
    [InlineData("WaGrpc:MediaRetention", "00:00:00", "MediaRetention")]
    public async Task NewKey_OutOfRange_FailsAtStart(string key, string value, string option)
    {
        var error = await StartFailureAsync(new() { [key] = value });

        Assert.Contains($"The field {option} must be between", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WaGrpc:Outbound:SendDelayMs", "-5", "WaGrpc:Outbound:SendDelayMs=-5 (deprecated, read as SendDelay=")]
    [InlineData("WaGrpc:MediaRetentionDays", "0", "WaGrpc:MediaRetentionDays=0 (deprecated, read as MediaRetention=")]
    [InlineData("WaGrpc:Browser:RestartDelayMs", "soon", "WaGrpc:Browser:RestartDelayMs (deprecated) must be a whole number, not 'soon'")]
    public async Task OldKey_OutOfRangeOrNotANumber_FailsAtStart_NamingTheOldKey(string key, string value, string expected)
    {
        var error = await StartFailureAsync(new() { [key] = value });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OldKeyAndNewKey_BothSet_FailsAtStart()
    {
        var error = await StartFailureAsync(new()
        {
            ["WaGrpc:Outbound:SendDelayMs"] = "0",
            ["WaGrpc:Outbound:SendDelay"] = "00:00:01",
        });

        Assert.Contains("WaGrpc:Outbound:SendDelayMs (deprecated) and WaGrpc:Outbound:SendDelay are both set", error.Message, StringComparison.Ordinal);
    }

    private static void AssertDurations(WebApplication app)
    {
        // The default instance's own options (its container, built as at start), and the host's rate limit.
        var registry = app.Services.GetRequiredService<WaGrpc.Server.Instances.InstanceRegistry>();
        using var instance = ActivatorUtilities.CreateInstance<WaGrpc.Server.Instances.InstanceContainer>(app.Services).Build(registry.DefaultContext);
        var outbound = instance.GetRequiredService<IOptions<OutboundOptions>>().Value;
        Assert.Equal(
            [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(125), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(45)],
            [outbound.SendDelay, outbound.SendJitter, outbound.GroupCreateWait, outbound.RetryDelay, outbound.MaxRetryDelay, outbound.DownloadTimeout]);
        var browser = instance.GetRequiredService<IOptions<BrowserOptions>>().Value;
        Assert.Equal(
            [TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)],
            [browser.ReadyTimeout, browser.CallTimeout, browser.RestartDelay, browser.MaxRestartDelay, browser.SnapshotRefresh]);
        Assert.Equal(TimeSpan.FromMinutes(2), app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Window);
        Assert.Equal(TimeSpan.FromSeconds(9), instance.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout);
        Assert.Equal(TimeSpan.FromDays(7), instance.GetRequiredService<IOptions<WaGrpcOptions>>().Value.MediaRetention);
    }

    // Validation runs first in StartAsync (nothing else starts: no port, no store), or already in
    // Build for OutboundOptions, which Kestrel's request limits read.
    private static Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> settings) =>
        Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = Build(settings);
            await app.StartAsync();
        }).DefaultTimeout();

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WaGrpc:Token"] = GatewayHost.Token,
            ["WaGrpc:DataDir"] = Path.Combine(Path.GetTempPath(), "wagrpc-tests", Guid.NewGuid().ToString("N")),
            ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IWhatsAppEngine>(new FakeEngine());
        builder.AddWaGrpcServer();
        return builder.Build();
    }
}
