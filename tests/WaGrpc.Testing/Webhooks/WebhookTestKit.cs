using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace WaGrpc.Testing.Webhooks;

/// <summary>Helpers of the webhook tests: a gateway on fake time with a receiver, the status API, moving time.</summary>
public static class WebhookTestKit
{
    public const string InstanceId = "7";

    /// <summary>Settings for webhook tests: plain exponential delays of 1 s, 2 s, 4 s ... (no jitter) and a POST time limit that fake time never reaches.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["WaGrpc:InstanceId"] = InstanceId,
            ["WaGrpc:Webhook:RetryDelay"] = "00:00:01",
            ["WaGrpc:Webhook:MaxRetryDelay"] = "00:00:30",
            ["WaGrpc:Webhook:RetryJitter"] = "false",
            ["WaGrpc:Webhook:Timeout"] = "00:10:00",
        };
        foreach (var (key, value) in more)
        {
            settings["WaGrpc:Webhook:" + key] = value;
        }

        return settings;
    }

    /// <summary>A fake clock that starts now (so stored times look real).</summary>
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);

    /// <summary>POST /webhook with the URL; asserts it was set.</summary>
    public static async Task SetWebhookAsync(this GatewayHost host, string url)
    {
        var (response, json) = await host.PostAsync("/webhook", new { webhookUrl = url });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(url, json!["webhookUrl"]!.GetValue<string>());
    }

    /// <summary>GET /webhookStatus (200 asserted).</summary>
    public static async Task<JsonObject> WebhookStatusAsync(this GatewayHost host)
    {
        var (response, json) = await host.GetJsonAsync("/webhookStatus?limit=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.IsType<JsonObject>(json);
    }

    /// <summary>The recent attempts of /webhookStatus, oldest first.</summary>
    public static async Task<List<JsonObject>> AttemptsAsync(this GatewayHost host)
    {
        var status = await host.WebhookStatusAsync();
        var attempts = status["recentAttempts"]!.AsArray().Select(a => Assert.IsType<JsonObject>(a)).ToList();
        attempts.Reverse();
        return attempts;
    }

    public static long Number(this JsonNode? node, string key) => node![key]!.GetValue<long>();

    /// <summary>
    /// Moves fake time forward by <paramref name="step"/> every 20 ms of real time until the
    /// condition holds (a retry timer is due only when the clock reaches it).
    /// </summary>
    public static Task AdvanceUntilAsync(this FakeTimeProvider clock, TimeSpan step, Func<Task<bool>> condition, string what) =>
        TaskTimeoutExtensions.WaitUntilAsync(
            async () =>
            {
                if (await condition())
                {
                    return true;
                }

                clock.Advance(step);
                return false;
            },
            () => what,
            interval: TimeSpan.FromMilliseconds(20));

    /// <summary>Waits (real time, clock untouched) until the condition holds.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        TaskTimeoutExtensions.WaitUntilAsync(condition, () => what, interval: TimeSpan.FromMilliseconds(20));

    /// <summary>Asserts a JSON value's kind.</summary>
    public static void IsKind(JsonNode? node, string key, JsonValueKind kind) => JsonAssert.Kind(node, key, kind);
}
