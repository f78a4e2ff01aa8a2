using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Playwright;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

// Gateway -> page, sends: whatever is waiting goes to the page in one evaluate, which starts them
// without awaiting them; each answer comes back through the binding (kind "result"), batched with
// the page's events. One evaluate at a time: sends that arrive meanwhile go together in the next.
public sealed partial class PlaywrightEngine
{
    private const int MaxSendsPerEvaluate = 64;

    private const string StartScript = "(json) => window.__wagrpc ? window.__wagrpc.start(json) : false";

    private readonly Channel<PageCall> _sends = Channel.CreateUnbounded<PageCall>(new() { SingleReader = true });
    private readonly PageCalls _calls = new();
    private Task _sender = Task.CompletedTask;

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var (name, args) = SendCalls.For(message);
        if (_page is null)
        {
            throw new EngineException("The browser session is not running.");
        }

        var call = _calls.Add(name, args);
        try
        {
            _sends.Writer.TryWrite(call);
            var answer = await call.Answer.WaitAsync(_options.CallTimeout, cancellationToken);
            return SendCalls.ResultOf(DataOf(name, answer));
        }
        catch (TimeoutException ex)
        {
            throw new EngineException($"WhatsApp Web did not answer '{name}' within {_options.CallTimeout.TotalSeconds:0.###} s.", ex);
        }
        finally
        {
            _calls.Remove(call.Id);
        }
    }

    private async Task StartSendsAsync(CancellationToken stopping)
    {
        var reader = _sends.Reader;
        var batch = new List<PageCall>(MaxSendsPerEvaluate);
        try
        {
            while (await reader.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < MaxSendsPerEvaluate && reader.TryRead(out var call))
                {
                    if (!call.Answer.IsCompleted)
                    {
                        batch.Add(call);
                    }
                }

                if (batch.Count > 0)
                {
                    await StartAsync(batch, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task StartAsync(List<PageCall> batch, CancellationToken stopping)
    {
        string error;
        Exception? cause = null;
        try
        {
            var page = _page ?? throw new EngineException("The browser session is not running.");
            var json = new JsonArray([.. batch.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["args"] = c.Args.DeepClone() })]);
            if (await page.EvaluateAsync<bool>(StartScript, json.ToJsonString()).WaitAsync(_options.CallTimeout, stopping))
            {
                return;
            }

            error = "the page script is not running";
        }
        catch (EngineException ex)
        {
            error = ex.Message;
        }
        catch (PlaywrightException ex)
        {
            (error, cause) = ($"WhatsApp Web failed to take {batch.Count} send(s): {ex.Message}", ex);
        }
        catch (TimeoutException ex)
        {
            (error, cause) = ($"WhatsApp Web did not take {batch.Count} send(s) within {_options.CallTimeout.TotalSeconds:0.###} s.", ex);
        }

        foreach (var call in batch)
        {
            call.Fail(cause is null ? new EngineException(error) : new EngineException(error, cause));
        }
    }
}
