using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WaGrpc.Testing.Webhooks;

/// <summary>
/// A real HTTP receiver for webhooks: Kestrel on a loopback port (0 at first, the same port after
/// <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>, so it can be "down" for a while).
/// Records every request (answered or not) with the time of <see cref="Clock"/> when it came in.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Channel<ReceivedWebhook> _requests = Channel.CreateUnbounded<ReceivedWebhook>();
    private WebApplication? _app;
    private int _count;

    private WebhookReceiver(TimeProvider clock) => Clock = clock;

    /// <summary>The clock that stamps requests (the gateway's, when it runs on fake time).</summary>
    public TimeProvider Clock { get; }

    public int Port { get; private set; }

    /// <summary>The URL to set as the webhook.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>The status to answer the n-th request with (1-based); 200 by default.</summary>
    public Func<int, int> StatusFor { get; set; } = _ => 200;

    /// <summary>The Location sent with 3xx answers.</summary>
    public string? RedirectTo { get; set; }

    /// <summary>A Retry-After (seconds) sent with 429 and 503 answers, when set.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Every request so far, in order.</summary>
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(TimeProvider? clock = null)
    {
        var receiver = new WebhookReceiver(clock ?? TimeProvider.System);
        await receiver.StartAppAsync(0);
        return receiver;
    }

    /// <summary>Stops listening: POSTs are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public Task StartAgainAsync() => StartAppAsync(Port);

    /// <summary>The next request, in order.</summary>
    public Task<ReceivedWebhook> NextAsync() => _requests.Reader.ReadAsync().AsTask().DefaultTimeout();

    /// <summary>The requests that were answered 2xx, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => Received.Where(r => r.AnsweredStatus is >= 200 and < 300).ToList();

    private async Task StartAppAsync(int port)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        // Not the gateway's appsettings.json (its Kestrel endpoints) from the test output folder.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var number = Interlocked.Increment(ref _count);
        var status = StatusFor(number);
        var received = new ReceivedWebhook(
            number,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            buffer.ToArray(),
            Clock.GetUtcNow(),
            status);
        Received.Enqueue(received);
        _requests.Writer.TryWrite(received);
        context.Response.StatusCode = status;
        if (status is 429 or 503 && RetryAfterSeconds is { } after)
        {
            context.Response.Headers.RetryAfter = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status is >= 300 and < 400 && RedirectTo is not null)
        {
            context.Response.Headers.Location = RedirectTo;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
