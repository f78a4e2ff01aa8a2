using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace WaGrpc.Bench;

/// <summary>
/// A webhook receiver on a loopback port (Kestrel, in this process): answers 200 to every POST and
/// keeps the distinct message ids of the <c>{"messages": [...]}</c> batches it got.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HashSet<string> _ids = [];
    private readonly WebApplication _app;
    private TaskCompletionSource _open = NewGate(open: true);
    private int _posts;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The URL to set as the webhook.</summary>
    public string Url { get; private set; } = "";

    /// <summary>How many POSTs came in.</summary>
    public int Posts => Volatile.Read(ref _posts);

    /// <summary>How many distinct messages came in.</summary>
    public int Messages
    {
        get
        {
            lock (_ids)
            {
                return _ids.Count;
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        // Not the gateway's appsettings.json (its Kestrel endpoints) from the output folder.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = $"{address}/hook";
        return receiver;
    }

    /// <summary>Stops answering: POSTs wait (their messages not counted) until <see cref="Release"/>.</summary>
    public void Hold() => _open = NewGate(open: false);

    /// <summary>Answers the waiting POSTs and the ones after.</summary>
    public void Release() => _open.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> distinct messages came in (or the time is up).</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (Messages < count)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(2), limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the webhook receiver had {Messages:N0} of {count:N0} messages after {timeout.TotalSeconds:0} s");
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        await _open.Task.WaitAsync(context.RequestAborted);
        Interlocked.Increment(ref _posts);
        if (body.RootElement.TryGetProperty("messages", out var messages))
        {
            var ids = messages.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
            lock (_ids)
            {
                _ids.UnionWith(ids);
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
