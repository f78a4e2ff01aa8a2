using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Browser;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing.GrpcApi;

namespace WaGrpc.Testing;

/// <summary>
/// The whole product offline: a gateway in sandbox mode whose session is the real browser engine
/// (Debian's Chromium through Playwright) on the WhatsApp Web stand-in, driven only through the
/// public REST, gRPC and phone API surfaces.
/// </summary>
public sealed class LiveGateway : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LiveGateway(GatewayHost host) => Host = host;

    public GatewayHost Host { get; }

    /// <summary>The running engine (to find its Chromium).</summary>
    public PlaywrightEngine Engine => (PlaywrightEngine)Host.Services.GetRequiredService<IWhatsAppEngine>();

    /// <summary>Starts a sandbox gateway with its browser session; <paramref name="lidAddressing"/> makes the network address people by linked ids.</summary>
    public static async Task<LiveGateway> StartAsync(Dictionary<string, string?>? settings = null, bool lidAddressing = false)
    {
        var all = new Dictionary<string, string?>
        {
            ["WaGrpc:Sandbox"] = "true",
            ["WaGrpc:Browser:ExecutablePath"] = BrowserFixture.ExecutablePath,
            ["WaGrpc:Browser:RestartDelay"] = "00:00:00.200",
            ["WaGrpc:Browser:ReadyTimeout"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var host = await GatewayHost.StartAsync(all, AccountStatus.Loading, browserEngine: true);
        var response = await host.Rest.PutAsJsonAsync(host.Url("/sandbox/api/settings"), new { autoDeliverMs = 50, autoReadMs = 100, lidAddressing });
        response.EnsureSuccessStatusCode();
        return new LiveGateway(host);
    }

    public async Task<string> StatusAsync() => (string)(await GetAsync("/status"))["accountStatus"]!;

    /// <summary>Waits for /status to show <paramref name="status"/>.</summary>
    public async Task WaitForStatusAsync(string status)
    {
        var last = "";
        await TaskTimeoutExtensions.WaitUntilAsync(async () => (last = await StatusAsync()) == status, () => $"status '{status}' (last '{last}')", Patience);
    }

    /// <summary>Scans the QR the way a person would: /qr_code PNG decoded, then the phone links it.</summary>
    public async Task<string> LinkAsync()
    {
        await WaitForStatusAsync("got qr code");
        var text = await DecodedQrAsync();
        Assert.NotEqual("", text);
        var (response, json) = await Host.PostAsync("/sandbox/api/link", new { qr = text });
        Assert.True(response.IsSuccessStatusCode, $"link: {(int)response.StatusCode} {json}");
        await WaitForStatusAsync("authenticated");
        return text;
    }

    /// <summary>The text of the QR code /qr_code shows now (ZXing), or "" when it shows none.</summary>
    public async Task<string> DecodedQrAsync()
    {
        var response = await Host.Rest.GetAsync(Host.Url("/qr_code"));
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "image/png")
        {
            return "";
        }

        return QrDecoder.Decode(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>What the linked account sent into the network, as recipients received it.</summary>
    public async Task<JsonArray> DeliveredAsync(string? chatId = null) =>
        (JsonArray)(await GetAsync("/sandbox/api/messages" + (chatId is null ? "" : "?chatId=" + chatId)))["messages"]!;

    /// <summary>Waits until the network holds at least <paramref name="count"/> messages from the account.</summary>
    public async Task<JsonArray> WaitForDeliveredAsync(int count, string? chatId = null)
    {
        JsonArray delivered = [];
        await TaskTimeoutExtensions.WaitUntilAsync(async () => (delivered = await DeliveredAsync(chatId)).Count >= count, () => $"{count} delivered (have {delivered.Count})", Patience);
        return delivered;
    }

    public Task<JsonNode> GetAsync(string path) => Host.GetOkJsonAsync(path);

    /// <summary>All stored events from the start (the stream's replay), up to the first that matches.</summary>
    public async Task<List<StreamEventsResponse>> EventsUntilAsync(Func<StreamEventsResponse, bool> isLast, params EventKind[] kinds)
    {
        var request = new StreamEventsRequest { AfterCursor = 0 };
        request.Kinds.AddRange(kinds);
        using var stream = EventStream.Open(new EventsService.EventsServiceClient(Host.Grpc), request);
        return await stream.ReadUntilAsync(isLast, Patience);
    }

    /// <summary>
    /// A fixed REST port for a gateway that restarts: the page's login lives in the storage of
    /// its origin (http://127.0.0.1:&lt;port&gt;), so a restarted gateway must come back on the
    /// same port to find it, as a real deployment does.
    /// </summary>
    public static Dictionary<string, string?> FixedRestPort() =>
        new() { ["Kestrel:Endpoints:Rest:Url"] = $"http://127.0.0.1:{FreePort.Next()}" };

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
