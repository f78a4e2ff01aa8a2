using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Server.Media;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Webhooks;

/// <summary>
/// Posts the webhook outbox, strictly in order: one delivery (a batch of events of one kind) at a
/// time, and the next only after it was accepted (2xx) or given up. Failures (no answer, timeout,
/// 408, 429, 5xx) are retried by a Polly pipeline (exponential backoff with jitter, a time limit
/// per POST) until the delivery is <see cref="WebhookOptions.MaxAge"/> old; then, or at once for
/// other answers unless <see cref="WebhookOptions.RetryClientErrors"/>, it becomes a dead letter.
/// Woken by every committed event and by the outbox's doorbell; never dies.
/// </summary>
public sealed partial class WebhookSender(
    WebhookOutbox outbox,
    SettingsStore settings,
    EventNotifier notifier,
    IHttpClientFactory httpClients,
    TimeProvider time,
    Observability.InstanceMetrics metrics,
    IOptions<WebhookOptions> options,
    WaGrpc.Core.Instances.InstanceContext instance,
    MediaLinks links,
    ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>The name of the HttpClient the sender uses (no redirects, no cookies).</summary>
    public const string HttpClientName = "WaGrpc.Webhook";

    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);
    private static readonly ResiliencePropertyKey<Delivery> DeliveryKey = new("WaGrpc.Webhook.Delivery");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribe before the first look at the outbox, so no commit falls between.
        using var events = notifier.Subscribe(capacity: 1);
        var pipeline = BuildPipeline();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Both checks read without a transaction; only a waiting event costs a commit (the batch id).
                if (settings.Get().WebhookUrl.Length == 0 || outbox.CountWaiting() == 0)
                {
                    await WaitForWorkAsync(events, stoppingToken);
                    continue;
                }

                var batch = await outbox.TakeBatchAsync(options.Value.BatchSize);
                if (batch is null)
                {
                    await WaitForWorkAsync(events, stoppingToken);
                    continue;
                }

                await DeliverAsync(pipeline, batch, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopError(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private ResiliencePipeline<PostResult> BuildPipeline()
    {
        var o = options.Value;
        return new ResiliencePipelineBuilder<PostResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<PostResult>
            {
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(DeliveryKey, null!))),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = o.RetryJitter,
                Delay = o.RetryDelay,
                MaxDelay = o.MaxRetryDelay,
                // A receiver that says when to come back (Retry-After on 429/503) is believed, up to MaxRetryDelay.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is null && args.Outcome.Result.RetryAfter is { } after
                        ? (TimeSpan?)(after < o.MaxRetryDelay ? after : o.MaxRetryDelay)
                        : null),
                OnRetry = args => new ValueTask(OnRetryAsync(args)),
            })
            .AddTimeout(o.Timeout)
            .Build();
    }

    private async Task DeliverAsync(ResiliencePipeline<PostResult> pipeline, WebhookBatch batch, CancellationToken stoppingToken)
    {
        var delivery = new Delivery(batch, WebhookPayload.Build(batch, instance.Id, links), $"{instance.Id}-{batch.BatchId}");
        var context = ResilienceContextPool.Shared.Get(stoppingToken);
        context.Properties.Set(DeliveryKey, delivery);
        PostResult result;
        try
        {
            result = await pipeline.ExecuteAsync(static (ctx, state) => state.Sender.PostAsync(state.Delivery, ctx.CancellationToken), context, (Sender: this, Delivery: delivery));
        }
        catch (TimeoutRejectedException)
        {
            result = TimedOut();
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        switch (result.Verdict)
        {
            case Verdict.Paused:
                LogPaused(delivery.EventId);
                return;
            case Verdict.Delivered:
                await outbox.CompleteAsync(batch, delivery.ToAttempt(result, "delivered", null, time));
                LogDelivered(delivery.EventId, batch.Events.Count, delivery.Attempt);
                metrics.Delivery("delivered");
                return;
            default:
                await outbox.DeadLetterAsync(batch, delivery.ToAttempt(result, "dead-letter", null, time));
                LogDeadLetter(delivery.EventId, batch.Events.Count, delivery.Attempt, result.Error);
                metrics.Delivery("dead_letter");
                return;
        }
    }

    private async ValueTask<PostResult> PostAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var url = settings.Get().WebhookUrl;
        if (url.Length == 0)
        {
            return new PostResult(0, "webhooks are off", Verdict.Paused);
        }

        delivery.Attempt++;
        delivery.Url = url;
        delivery.Started = time.GetUtcNow();
        delivery.StartedTimestamp = time.GetTimestamp();
        var timestamp = delivery.Started.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-WaGrpc-Event-Id", delivery.EventId);
        request.Headers.Add("X-WaGrpc-Timestamp", timestamp);
        if (options.Value.Secret.Length > 0)
        {
            request.Headers.Add("X-WaGrpc-Signature", WebhookSignature.Compute(options.Value.Secret, timestamp, delivery.Body));
        }

        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new PostResult(status, "", Verdict.Delivered);
            }

            var error = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
            var transient = status is 408 or 429 || status >= 500;
            return new PostResult(status, error, transient || options.Value.RetryClientErrors ? Verdict.Retry : Verdict.GiveUp, RetryAfter(response));
        }
        catch (OperationCanceledException)
        {
            // Shutdown, or the per-POST timeout (Polly turns it into TimeoutRejectedException).
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            return new PostResult(0, ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message, Verdict.Retry);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var after = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null);
        return after is { } delay && delay > TimeSpan.Zero ? delay : null;
    }

    private bool ShouldRetry(Outcome<PostResult> outcome, Delivery delivery)
    {
        var retryable = outcome.Exception is TimeoutRejectedException
            || (outcome.Exception is null && outcome.Result.Verdict == Verdict.Retry);
        return retryable && time.GetUtcNow() - delivery.FirstCreated < options.Value.MaxAge;
    }

    private async Task OnRetryAsync(OnRetryArguments<PostResult> args)
    {
        var delivery = args.Context.Properties.GetValue(DeliveryKey, null!);
        var result = args.Outcome.Exception is null ? args.Outcome.Result : TimedOut();
        LogRetry(delivery.EventId, delivery.Attempt, args.RetryDelay, result.Error);
        metrics.Delivery("retry");
        await outbox.RecordAttemptAsync(delivery.ToAttempt(result, "retry", args.RetryDelay, time));
    }

    private PostResult TimedOut() => new(0, $"no answer within {options.Value.Timeout.TotalSeconds:0.###} s", Verdict.Retry);

    private async Task WaitForWorkAsync(EventSubscription events, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(IdlePoll, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        var committed = events.Reader.WaitToReadAsync(linked.Token).AsTask();
        var rung = outbox.Doorbell.WaitToReadAsync(linked.Token).AsTask();
        await Task.WhenAny(committed, rung);
        await linked.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        while (events.Reader.TryRead(out _))
        {
        }

        while (outbox.Doorbell.TryRead(out _))
        {
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Webhook delivery {EventId} ({Count} events) delivered at attempt {Attempt}")]
    private partial void LogDelivered(string eventId, int count, int attempt);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Webhook delivery {EventId} attempt {Attempt} failed; retrying in {Delay}: {Error}")]
    private partial void LogRetry(string eventId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "Webhook delivery {EventId} ({Count} events) given up after {Attempts} attempts and kept as a dead letter: {Error}")]
    private partial void LogDeadLetter(string eventId, int count, int attempts, string error);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Webhook delivery {EventId} paused: webhooks were turned off")]
    private partial void LogPaused(string eventId);

    [LoggerMessage(EventId = 44, Level = LogLevel.Error, Message = "The webhook sender hit an error; it goes on")]
    private partial void LogLoopError(Exception ex);

    private enum Verdict
    {
        Delivered,
        Retry,
        GiveUp,
        Paused,
    }

    private readonly record struct PostResult(int HttpStatus, string Error, Verdict Verdict, TimeSpan? RetryAfter = null);

    // What one delivery carries through its attempts (only the sender's loop touches it).
    private sealed class Delivery(WebhookBatch batch, byte[] body, string eventId)
    {
        public WebhookBatch Batch { get; } = batch;

        public byte[] Body { get; } = body;

        public string EventId { get; } = eventId;

        public DateTimeOffset FirstCreated { get; } = DateTimeOffset.FromUnixTimeMilliseconds(batch.Events.Min(x => x.Created));

        public int Attempt { get; set; }

        public string Url { get; set; } = "";

        public DateTimeOffset Started { get; set; }

        public long StartedTimestamp { get; set; }

        public WebhookAttemptDocument ToAttempt(PostResult result, string outcome, TimeSpan? retryDelay, TimeProvider time) => new()
        {
            Time = Started.ToUnixTimeMilliseconds(),
            BatchId = Batch.BatchId,
            Kind = Batch.Kind,
            EventCount = Batch.Events.Count,
            Attempt = Attempt,
            HttpStatus = result.HttpStatus,
            Error = result.Error,
            Delivered = result.Verdict == Verdict.Delivered,
            DurationMs = (long)time.GetElapsedTime(StartedTimestamp).TotalMilliseconds,
            RetryDelayMs = retryDelay is { } delay ? (long)delay.TotalMilliseconds : null,
            Outcome = outcome,
            Url = Url,
        };
    }
}
