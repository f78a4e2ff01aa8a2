using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using WaGrpc.Testing;

namespace WaGrpc.Sandbox.Tests.Web;

/// <summary>
/// A gateway in sandbox mode and the WhatsApp Web stand-in page open in real Chromium with the
/// pinned, unmodified wa-js injected before the page's scripts, with the engine's settings in
/// front, as the engine does: tests drive the stand-in through WPP.*, so what passes here is what
/// wa-js can do on it. A recorder (an init script, so it sees every document from its start) keeps
/// in window.__rec the socket states and QR refs of the page's own models, and the messages, acks
/// and logouts wa-js reports.
/// </summary>
public sealed class SandboxPage : IAsyncDisposable
{
    private const string Recorder = """
        (() => {
          if (window.top !== window) return;
          const rec = window.__rec = { states: [], refs: [], adds: [], acks: [], types: [], logouts: 0, synced: [], wpp: false };
          const plain = (m) => ({ ...m.serialize(), id: { fromMe: m.id.fromMe, remote: String(m.id.remote), id: m.id.id, _serialized: m.id._serialized } });
          document.addEventListener('DOMContentLoaded', () => {
            // The stand-in's modules ran (synchronous scripts); it connects only after this.
            const { Socket } = window.require('WAWebSocketModel');
            const { Conn } = window.require('WAWebConnModel');
            rec.states.push(Socket.state);
            Socket.on('change:state', (_, s) => rec.states.push(s));
            Socket.on('change:hasSynced', (_, v) => rec.synced.push(v));
            Conn.on('change:ref', (_, r) => { if (r) rec.refs.push(r); });
          });
          const timer = setInterval(() => {
            if (!window.WPP || !window.WPP.isFullReady) return;
            clearInterval(timer);
            WPP.on('conn.logout', () => rec.logouts++);
            WPP.on('chat.new_message', (m) => rec.adds.push(plain(m)));
            WPP.whatsapp.MsgStore.on('change:type', (m) => rec.types.push({ id: m.id._serialized, type: m.type }));
            WPP.on('chat.msg_ack_change', (e) => e.ids.forEach((k) => rec.acks.push({ id: 'true_' + e.chat + '_' + k.id, ack: e.ack })));
            rec.wpp = true;
          }, 20);
        })();
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

    /// <summary>
    /// Starts a sandbox gateway (with fast QR timings unless given) and opens the page;
    /// <paramref name="clock"/> (a FakeTimeProvider) runs the network's timers (QR lifetimes) on the test's command.
    /// </summary>
    public static async Task<SandboxPage> OpenAsync(BrowserFixture browser, object? settings = null, TimeProvider? clock = null)
    {
        var host = await GatewayHost.StartAsync(new() { ["WaGrpc:Sandbox"] = "true" }, time: clock);
        var response = await host.Rest.PutAsJsonAsync(host.Url("/sandbox/api/settings"), settings ?? new { autoDeliverMs = 50, autoReadMs = 50, ciphertextMs = 200 });
        response.EnsureSuccessStatusCode();
        var context = await browser.Browser.NewContextAsync();
        await context.AddInitScriptAsync(WaGrpc.Browser.WaJsBundle.Load(null).InitScript());
        await context.AddInitScriptAsync(Recorder);
        var page = await context.NewPageAsync();
        var sandbox = new SandboxPage(host, context, page);
        await sandbox.GotoAsync();
        return sandbox;
    }

    /// <summary>Opens (or reopens) the stand-in page and waits until wa-js is ready on it.</summary>
    public async Task GotoAsync(string query = "")
    {
        await Page.GotoAsync(new Uri(Host.RestUri, "/sandbox/web/" + query).ToString());
        await WaitForWaJsAsync();
    }

    /// <summary>Waits until wa-js is fully ready on the current document (and the recorder listens to it).</summary>
    public Task WaitForWaJsAsync() => WaitForAsync("() => window.__rec && window.__rec.wpp === true");

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

    /// <summary>Waits for the socket state, as wa-js reads it (WPP.whatsapp.Socket.state), to be <paramref name="state"/>.</summary>
    public Task WaitForStateAsync(string state) =>
        WaitForAsync("s => window.WPP && window.WPP.whatsapp.Socket.state === s", state);

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
        await WaitForAsync("() => WPP.conn.isAuthenticated() && WPP.whatsapp.Stream.mode === 'MAIN'");
        return qr;
    }

    /// <summary>Sends a text through wa-js (WPP.chat.sendTextMessage) and answers the message id.</summary>
    public Task<string> SendTextAsync(string chatId, string body) => EvalAsync<string>("""
        async ([chatId, body]) => (await WPP.chat.sendTextMessage(chatId, body, { linkPreview: false, markIsRead: false })).id
        """, new[] { chatId, body });

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Host.DisposeAsync();
    }
}
