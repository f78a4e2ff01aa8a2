using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using WaGrpc.Server.Tests.Infrastructure;

namespace WaGrpc.Server.Tests.Sandbox;

/// <summary>
/// A gateway in sandbox mode and the WhatsApp Web stand-in page open in real Chromium, driven the
/// way the engine drives WhatsApp Web: through window.require and the module names. The page
/// records Socket, Conn and Msg events in window.__rec so tests can await them.
/// </summary>
public sealed class SandboxPage : IAsyncDisposable
{
    private const string Recorder = """
        () => {
          const rec = window.__rec = { states: [], refs: [], adds: [], acks: [], types: [], logouts: 0, synced: [] };
          const { Socket } = window.require('WAWebSocketModel');
          const { Conn } = window.require('WAWebConnModel');
          const { Cmd } = window.require('WAWebCmd');
          const { Msg } = window.require('WAWebCollections');
          rec.states.push(Socket.state);
          if (Conn.ref) rec.refs.push(Conn.ref);
          Socket.on('change:state', (_, s) => rec.states.push(s));
          Socket.on('change:hasSynced', (_, v) => rec.synced.push(v));
          Conn.on('change:ref', (_, r) => rec.refs.push(r));
          Cmd.on('logout', () => rec.logouts++);
          Msg.on('add', m => rec.adds.push(m.serialize()));
          Msg.on('change:ack', (m, ack) => rec.acks.push({ id: m.id._serialized, ack }));
          Msg.on('change:type', m => rec.types.push({ id: m.id._serialized, type: m.type ?? m.get?.('type') }));
          return true;
        }
        """;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    private SandboxPage(GatewayHost host, IBrowserContext context, IPage page)
    {
        Host = host;
        Context = context;
        Page = page;
        page.Console += (_, message) => _console.Enqueue($"{message.Type}: {message.Text}");
        page.FrameNavigated += (_, frame) => _console.Enqueue($"navigated: {frame.Url}");
    }

    /// <summary>What the page logged (and where it navigated), for failure messages.</summary>
    public string ConsoleLog => string.Join("\n", _console);

    public GatewayHost Host { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Starts a sandbox gateway (with fast QR timings unless given) and opens the page.</summary>
    public static async Task<SandboxPage> OpenAsync(BrowserFixture browser, object? settings = null)
    {
        var host = await GatewayHost.StartAsync(new() { ["WaGrpc:Sandbox"] = "true" });
        var response = await host.Rest.PutAsJsonAsync(host.Url("/sandbox/api/settings"), settings ?? new { autoDeliverMs = 50, autoReadMs = 50, ciphertextMs = 200 });
        response.EnsureSuccessStatusCode();
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var sandbox = new SandboxPage(host, context, page);
        await sandbox.GotoAsync();
        return sandbox;
    }

    /// <summary>Opens (or reopens) the stand-in page and installs the recorder once it is ready.</summary>
    public async Task GotoAsync(string query = "")
    {
        await Page.GotoAsync(new Uri(Host.RestUri, "/sandbox/web/" + query).ToString());
        await InstallRecorderAsync();
    }

    public async Task InstallRecorderAsync()
    {
        await Page.WaitForFunctionAsync("() => window.Debug && window.Debug.VERSION", null, new() { Timeout = 30_000 });
        await Page.EvaluateAsync(Recorder);
    }

    /// <summary>Waits until a JavaScript condition holds in the page (Playwright polls it), 30 s at most.</summary>
    public async Task WaitForAsync(string condition, object? arg = null)
    {
        try
        {
            await Page.WaitForFunctionAsync(condition, arg, new() { Timeout = 30_000, PollingInterval = 25 });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\ncondition: {condition}\nurl: {Page.Url}\npage log:\n{ConsoleLog}", ex);
        }
    }

    public async Task<T> EvalAsync<T>(string script, object? arg = null) => await Page.EvaluateAsync<T>(script, arg);

    /// <summary>Evaluates a script and answers its (awaited) result as a JSON node.</summary>
    public async Task<JsonNode> EvalJsonAsync(string script, object? arg = null)
    {
        var element = await Page.EvaluateAsync<JsonElement>(script, arg);
        return JsonNode.Parse(element.GetRawText())!;
    }

    public Task<string> SocketStateAsync() => EvalAsync<string>("() => window.require('WAWebSocketModel').Socket.state");

    /// <summary>Waits for Socket.state to be <paramref name="state"/>.</summary>
    public Task WaitForStateAsync(string state) =>
        WaitForAsync("s => window.require('WAWebSocketModel').Socket.state === s", state);

    /// <summary>GET a phone API path (with the token).</summary>
    public Task<JsonNode> ApiGetAsync(string path) => Host.GetOkJsonAsync(path);

    /// <summary>POST to a phone API path (with the token); answers status and JSON.</summary>
    public async Task<(int Status, JsonNode? Json)> ApiPostAsync(string path, object body)
    {
        var response = await Host.Rest.PostAsJsonAsync(Host.Url(path), body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    /// <summary>Waits for the page to show a QR code, links it through the phone API, and waits for the sync.</summary>
    public async Task<string> LinkAsync()
    {
        await WaitForStateAsync("UNPAIRED");
        var qr = (string)(await ApiGetAsync("/sandbox/api/state"))["qr"]!;
        var (status, json) = await ApiPostAsync("/sandbox/api/link", new { qr });
        Assert.True(status == 200, $"link: {status} {json}");
        await WaitForStateAsync("CONNECTED");
        await WaitForAsync("() => window.require('WAWebSocketModel').Socket.hasSynced === true");
        return qr;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Host.DisposeAsync();
    }
}
