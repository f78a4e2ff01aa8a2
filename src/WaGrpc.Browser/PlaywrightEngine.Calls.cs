using System.Text.Json;
using Microsoft.Playwright;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

// Gateway -> page: calls into the bridge (window.__wagrpc.call).
public sealed partial class PlaywrightEngine
{
    private async Task<JsonElement> CallAsync(string name, object args, CancellationToken cancellationToken)
    {
        var page = _page ?? throw new EngineException("The browser session is not running.");
        JsonElement answer;
        try
        {
            answer = await page.EvaluateAsync<JsonElement>(CallScript, new object[] { name, JsonSerializer.Serialize(args) })
                .WaitAsync(_options.CallTimeout, cancellationToken);
        }
        catch (PlaywrightException ex)
        {
            throw new EngineException($"WhatsApp Web failed during '{name}': {ex.Message}", ex);
        }
        catch (TimeoutException ex)
        {
            throw new EngineException($"WhatsApp Web did not answer '{name}' within {_options.CallTimeout.TotalSeconds:0.###} s.", ex);
        }

        return DataOf(name, answer);
    }

    // The data of an answer {ok, data} or {ok: false, error, permanent}, or the engine's error.
    private static JsonElement DataOf(string name, JsonElement answer)
    {
        if (!answer.GetProperty("ok").GetBoolean())
        {
            var permanent = answer.TryGetProperty("permanent", out var p) && p.ValueKind == JsonValueKind.True;
            throw new EngineException(answer.GetProperty("error").GetString() ?? $"'{name}' failed") { Permanent = permanent };
        }

        return answer.TryGetProperty("data", out var data) ? data.Clone() : default;
    }
}
