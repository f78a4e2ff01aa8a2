using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WaGrpc.Examples.Client;

/// <summary>
/// The sandbox's simulated phone, through its REST API on the gateway's REST endpoint
/// (docs/sandbox.md): links the gateway by "scanning" its QR code, and sends it messages as a contact.
/// Only for a gateway in sandbox mode; against real WhatsApp you scan /qr_code with your phone.
/// </summary>
public sealed class SandboxPhone : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _http;
    private readonly ClientSettings _settings;

    public SandboxPhone(ClientSettings settings)
    {
        _settings = settings;
        _http = new HttpClient { BaseAddress = settings.RestAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
    }

    /// <summary>
    /// Links the gateway unless /status already says authenticated: reads the QR text the page
    /// shows from /sandbox/api/state, POSTs it to /sandbox/api/link, waits for authenticated.
    /// False (after saying so on stderr) when that does not happen within WAGRPC_TIMEOUT_SECONDS.
    /// </summary>
    public async Task<bool> EnsureLinkedAsync()
    {
        if (await AccountStatusAsync() == "authenticated")
        {
            Console.WriteLine("linked: already (status authenticated)");
            return true;
        }

        var deadline = DateTime.UtcNow + _settings.Timeout;
        string? phone = null;
        while (DateTime.UtcNow < deadline)
        {
            var state = await GetAsync("/sandbox/api/state");
            if (phone is null && state["linked"]?.GetValue<bool>() != true && state["qr"]?.GetValue<string>() is { } qr)
            {
                // 400 means the code went stale in between: the next round reads the new one.
                using var link = await SendAsync("POST /sandbox/api/link", () => _http.PostAsJsonAsync("/sandbox/api/link", new { qr }));
                if (link.IsSuccessStatusCode)
                {
                    phone = (await link.Content.ReadFromJsonAsync<JsonNode>())?["phone"]?.GetValue<string>();
                }
            }

            if (await AccountStatusAsync() == "authenticated")
            {
                Console.WriteLine($"linked: the sandbox phone {phone ?? (string?)state["phone"]} scanned the QR code");
                return true;
            }

            // A client may poll: the page needs a moment to show its QR code and to sync after the scan.
            await Task.Delay(PollInterval);
        }

        await Console.Error.WriteLineAsync(
            $"error: the gateway was not authenticated within {_settings.Timeout.TotalSeconds} s (WAGRPC_TIMEOUT_SECONDS); is it in sandbox mode (WaGrpc:Sandbox=true)?");
        return false;
    }

    /// <summary>A contact (<paramref name="from"/>) sends the account a text; answers the id the gateway will see.</summary>
    public async Task<string> SendAsContactAsync(string from, string body)
    {
        using var response = await SendAsync("POST /sandbox/api/messages", () => _http.PostAsJsonAsync("/sandbox/api/messages", new { from, body }));
        var answer = await ReadAsync(response, "POST /sandbox/api/messages");
        return answer["id"]!.GetValue<string>();
    }

    public void Dispose() => _http.Dispose();

    private async Task<string?> AccountStatusAsync() => (await GetAsync("/status"))["accountStatus"]?.GetValue<string>();

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await SendAsync("GET " + path, () => _http.GetAsync(new Uri(path, UriKind.Relative)));
        return await ReadAsync(response, "GET " + path);
    }

    // A call that could not be made (no answer at all) names the call too.
    private static async Task<HttpResponseMessage> SendAsync(string call, Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"{call}: {ex.Message}", ex);
        }
    }

    // A refusal becomes an HttpRequestException that names the call, the status and the gateway's answer.
    private async Task<JsonNode> ReadAsync(HttpResponseMessage response, string call)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? " (check WAGRPC_TOKEN: the gateway's WaGrpc:Token)"
                : response.StatusCode == System.Net.HttpStatusCode.NotFound ? " (is the gateway in sandbox mode, WaGrpc:Sandbox=true?)" : "";
            throw new HttpRequestException($"{call} answered {(int)response.StatusCode}: {text}{hint}", null, response.StatusCode);
        }

        return JsonNode.Parse(text) ?? throw new HttpRequestException($"{call} answered no JSON");
    }
}
