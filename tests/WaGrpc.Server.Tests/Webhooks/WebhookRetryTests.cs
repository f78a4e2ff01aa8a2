using System.Net;
using System.Text.Json;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing.Webhooks;
using static WaGrpc.Testing.Webhooks.WebhookTestKit;

namespace WaGrpc.Server.Tests.Webhooks;

/// <summary>Failures, retries on fake time, restarts, dead letters and replay, against a real receiver.</summary>
public sealed class WebhookRetryTests
{
    private static string Id(int n) => $"false_17472822486@c.us_EVENT{n:D7}";

    private static async Task EmitNumberedAsync(GatewayHost host, int from, int to)
    {
        for (var n = from; n <= to; n++)
        {
            await host.EmitAsync(GrpcTestKit.Incoming($"EVENT{n:D7}"));
        }
    }

    [Fact]
    public async Task Webhook_ReceiverDownThenUp_EveryEventArrivesOnceInOrder()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(Settings(("BatchSize", "2")), time: clock);
        await host.SetWebhookAsync(receiver.Url);
        await receiver.StopAsync();

        await EmitNumberedAsync(host, 1, 3);
        await UntilAsync(async () => (await host.AttemptsAsync()).Any(a => a["outcome"]!.GetValue<string>() == "retry"), "a refused attempt");
        await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(1), async () => (await host.AttemptsAsync()).Count >= 3, "more refused attempts");
        await EmitNumberedAsync(host, 4, 5);
        var whileDown = await host.WebhookStatusAsync();
        await receiver.StartAgainAsync();
        await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(1), async () => (await host.WebhookStatusAsync()).Number("backlog") == 0, "the backlog to drain");

        Assert.Equal(5, whileDown.Number("backlog"));
        var refused = (await host.AttemptsAsync()).First();
        Assert.Equal(0, refused.Number("httpStatus"));
        Assert.False(string.IsNullOrEmpty(refused["error"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(1, 5).Select(Id), receiver.Received.SelectMany(p => p.Ids()));
        Assert.All(receiver.Received, p => Assert.Equal(200, p.AnsweredStatus));
    }

    [Fact]
    public async Task Webhook_TooManyRequestsWithRetryAfter_WaitsAsTheReceiverAsks()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.StatusFor = n => n == 1 ? 429 : 200;
        receiver.RetryAfterSeconds = 30;
        await using var host = await GatewayHost.StartAsync(Settings(), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await EmitNumberedAsync(host, 1, 1);
        await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(1), async () => (await host.WebhookStatusAsync()).Number("backlog") == 0, "delivery");

        var posts = receiver.Received.ToList();
        var attempts = await host.AttemptsAsync();
        Assert.Equal([429, 200], posts.Select(p => p.AnsweredStatus));
        Assert.Equal(30_000L, attempts[0].Number("retryDelayMs"));
        Assert.True(posts[1].ReceivedAt - posts[0].ReceivedAt >= TimeSpan.FromSeconds(30), $"the retry came after {posts[1].ReceivedAt - posts[0].ReceivedAt}");
    }

    [Fact]
    public async Task Webhook_ServerErrorsThenOk_RetriedWithGrowingDelays()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.StatusFor = n => n switch { 1 or 2 => 500, 3 => 429, _ => 200 };
        await using var host = await GatewayHost.StartAsync(Settings(), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await EmitNumberedAsync(host, 1, 1);
        await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(250), async () => (await host.WebhookStatusAsync()).Number("backlog") == 0, "delivery");

        var posts = receiver.Received.ToList();
        Assert.Equal([500, 500, 429, 200], posts.Select(p => p.AnsweredStatus));
        Assert.Single(posts.Select(p => p.Header("X-WaGrpc-Event-Id")).Distinct());
        Assert.All(posts, p => Assert.Equal([Id(1)], p.Ids()));
        var attempts = await host.AttemptsAsync();
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => (int)a.Number("attempt")));
        Assert.Equal(["retry", "retry", "retry", "delivered"], attempts.Select(a => a["outcome"]!.GetValue<string>()));
        Assert.Equal([500, 500, 429, 200], attempts.Select(a => (int)a.Number("httpStatus")));
        Assert.Equal("HTTP 500 Internal Server Error", attempts[0]["error"]!.GetValue<string>());
        Assert.Equal([1000L, 2000L, 4000L], attempts.Take(3).Select(a => a.Number("retryDelayMs")));
        Assert.False(attempts[3].ContainsKey("retryDelayMs"));
        JsonAssert.Kind(attempts[3], "delivered", JsonValueKind.True);
        // The retries really waited: on the fake clock each POST came at least its delay after the one before.
        for (var i = 1; i < posts.Count; i++)
        {
            var delay = TimeSpan.FromMilliseconds(attempts[i - 1].Number("retryDelayMs"));
            Assert.True(posts[i].ReceivedAt - posts[i - 1].ReceivedAt >= delay, $"POST {i + 1} came {posts[i].ReceivedAt - posts[i - 1].ReceivedAt} after POST {i}, before its delay {delay}");
        }
    }

    [Fact]
    public async Task Webhook_WithJitter_RetryDelaysAreRandomizedWithinMaxRetryDelay()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.StatusFor = n => n <= 4 ? 503 : 200;
        await using var host = await GatewayHost.StartAsync(Settings(("RetryJitter", "true"), ("MaxRetryDelay", "00:00:05")), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await EmitNumberedAsync(host, 1, 1);
        await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(250), async () => (await host.WebhookStatusAsync()).Number("backlog") == 0, "delivery");

        var delays = (await host.AttemptsAsync()).Take(4).Select(a => a.Number("retryDelayMs")).ToList();
        Assert.Equal(4, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, 1, 5_000));
        Assert.NotEqual([1000L, 2000L, 4000L, 5000L], delays);
    }

    [Fact]
    public async Task Webhook_RestartWithBacklog_BacklogIsSentAfterTheRestart()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.StatusFor = _ => 500;
        await using var host = await GatewayHost.StartAsync(Settings(), time: clock);
        await host.SetWebhookAsync(receiver.Url);
        await EmitNumberedAsync(host, 1, 3);
        await UntilAsync(async () => (await host.AttemptsAsync()).Count >= 1, "a failed attempt");
        var failedEventId = (await receiver.NextAsync()).Header("X-WaGrpc-Event-Id");

        receiver.StatusFor = _ => 200;
        await host.RestartAsync();
        await UntilAsync(async () => (await host.WebhookStatusAsync()).Number("backlog") == 0, "the backlog to drain after the restart");

        var accepted = receiver.Accepted;
        Assert.Equal(Enumerable.Range(1, 3).Select(Id), accepted.SelectMany(p => p.Ids()));
        // The same delivery as before the restart: a receiver can drop duplicates by this id.
        Assert.Equal(failedEventId, accepted[0].Header("X-WaGrpc-Event-Id"));
    }

    [Fact]
    public async Task Webhook_FailingPastMaxAge_BecomesDeadLetterThatReplays()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        var failing = true;
        receiver.StatusFor = _ => Volatile.Read(ref failing) ? 502 : 200;
        await using var host = await GatewayHost.StartAsync(Settings(("MaxAge", "00:01:00"), ("MaxRetryDelay", "00:00:10")), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await EmitNumberedAsync(host, 1, 1);
        await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(2), async () => (await host.WebhookStatusAsync()).Number("deadLetters") == 1, "the dead letter");
        var (listResponse, list) = await host.GetJsonAsync("/webhookDeadLetters");
        Volatile.Write(ref failing, false);
        await EmitNumberedAsync(host, 2, 2);
        await UntilAsync(async () => receiver.Accepted.Count == 1, "the next event, past the dead letter");
        var deadId = list!["deadLetters"]![0]!.Number("id");
        var (replayResponse, replay) = await host.PostJsonAsync("/webhookDeadLetters/replay", $$"""{"ids": [{{deadId}}]}""");
        await UntilAsync(async () => receiver.Accepted.Count == 2, "the replayed dead letter");
        var (_, afterReplay) = await host.GetJsonAsync("/webhookDeadLetters");

        Assert.Equal(HttpStatusCode.OK, listResponse.StatusCode);
        Assert.Equal(1, list.Number("total"));
        var letter = JsonAssert.HasExactKeys(list["deadLetters"]![0], "id", "eventId", "kind", "firstEventTime", "deadTime", "attempts", "lastHttpStatus", "lastError", "url", "messages", "ack");
        Assert.Equal("messages", letter["kind"]!.GetValue<string>());
        Assert.Equal(502, letter.Number("lastHttpStatus"));
        Assert.True(letter.Number("attempts") >= 2);
        Assert.True(letter.Number("deadTime") - letter.Number("firstEventTime") >= 60_000);
        Assert.Equal(receiver.Url, letter["url"]!.GetValue<string>());
        Assert.Equal(Id(1), letter["messages"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, replayResponse.StatusCode);
        Assert.Equal("""{"replayed":1,"events":1}""", replay!.ToJsonString());
        Assert.Equal([Id(2), Id(1)], receiver.Accepted.SelectMany(p => p.Ids()));
        Assert.Equal(letter["eventId"]!.GetValue<string>(), receiver.Accepted[1].Header("X-WaGrpc-Event-Id"));
        Assert.Equal(0, afterReplay.Number("total"));
    }

    [Fact]
    public async Task Webhook_ClientError_BecomesDeadLetterWithoutRetry()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.StatusFor = n => n == 1 ? 400 : 200;
        await using var host = await GatewayHost.StartAsync(Settings(), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await EmitNumberedAsync(host, 1, 1);
        await UntilAsync(async () => (await host.WebhookStatusAsync()).Number("deadLetters") == 1, "the dead letter (clock untouched: no retry delay)");
        await EmitNumberedAsync(host, 2, 2);
        await UntilAsync(async () => (await host.AttemptsAsync()).Count == 2, "the next event, delivered");

        var attempts = await host.AttemptsAsync();
        Assert.Equal(["dead-letter", "delivered"], attempts.Select(a => a["outcome"]!.GetValue<string>()));
        Assert.Equal(400, attempts[0].Number("httpStatus"));
        Assert.Equal([Id(2)], receiver.Accepted.Single().Ids());
    }

    [Fact]
    public async Task Webhook_ClientErrorWithRetryClientErrors_IsRetried()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.StatusFor = n => n == 1 ? 404 : 200;
        await using var host = await GatewayHost.StartAsync(Settings(("RetryClientErrors", "true")), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await EmitNumberedAsync(host, 1, 1);
        await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(250), async () => (await host.WebhookStatusAsync()).Number("backlog") == 0, "delivery");

        Assert.Equal([404, 200], receiver.Received.Select(p => p.AnsweredStatus));
        Assert.Equal(0, (await host.WebhookStatusAsync()).Number("deadLetters"));
    }

    [Fact]
    public async Task Webhook_Redirect_IsNotFollowed()
    {
        var clock = NewClock();
        await using var elsewhere = await WebhookReceiver.StartAsync(clock);
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.StatusFor = _ => 307;
        receiver.RedirectTo = elsewhere.Url;
        await using var host = await GatewayHost.StartAsync(Settings(), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await EmitNumberedAsync(host, 1, 1);
        await UntilAsync(async () => (await host.WebhookStatusAsync()).Number("deadLetters") == 1, "the dead letter");

        Assert.Single(receiver.Received);
        Assert.Empty(elsewhere.Received);
        Assert.Equal(307, (await host.AttemptsAsync()).Single().Number("httpStatus"));
    }
}
