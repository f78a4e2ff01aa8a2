using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing.Webhooks;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Observability;

/// <summary>The Prometheus scrape endpoint after real traffic: sends, incoming messages, acks, webhooks, streams, the session, requests.</summary>
[Collection(MetersAlone.Name)]
public sealed partial class MetricsTests
{
    [Fact]
    public async Task Metrics_AfterTraffic_ShowEachFigure_BehindTheToken()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        await host.SetWebhookAsync(receiver.Url);
        using var stream = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0 });
        await stream.HeadersAsync();

        var sent = new[] { await host.SendTextAsync("one"), await host.SendTextAsync("two") };
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 0, "the queue to empty");
        await host.EmitAsync(Incoming("3EB0METRICS01", "hello"), new AckFact(sent[0].Id, ChatId, AckLevel.Delivered));
        await UntilAsync(() => Task.FromResult(!receiver.Received.IsEmpty), "a webhook delivery");
        var text = await ScrapeAsync(host);

        Assert.True(Value(text, "wagrpc_sends_total") >= 2, text);
        Assert.True(Value(text, "wagrpc_messages_incoming_total") >= 1, text);
        Assert.True(Value(text, "wagrpc_acks_total", "status=\"delivered\"") >= 1, text);
        Assert.True(Value(text, "wagrpc_webhook_deliveries_total", "outcome=\"delivered\"") >= 1, text);
        Assert.True(Value(text, "wagrpc_stream_subscribers") >= 1, text);
        Assert.True(Value(text, "wagrpc_session_status", "status=\"authenticated\"") >= 1, text);
        Assert.Contains("wagrpc_queue_depth", text, StringComparison.Ordinal);
        Assert.Contains("wagrpc_webhook_backlog", text, StringComparison.Ordinal);
        Assert.Contains("wagrpc_webhook_dead_letters", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHost.Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutToken_Answers401()
    {
        await using var host = await GatewayHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = host.RestUri };

        using var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonAssert.IsLegacyError(System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<string> ScrapeAsync(GatewayHost host)
    {
        using var scraper = new HttpClient { BaseAddress = host.RestUri };
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.Token);
        using var response = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    // The largest value of a series (with the label if given) in the Prometheus text.
    private static double Value(string text, string name, string? label = null)
    {
        var values = SampleLine().Matches(text)
            .Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        return values.Count == 0 ? double.NaN : values.Max();
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
