using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;

// Prints throughput figures for the storage and the REST send path. Run:
//   dotnet run -c Release --project bench/WaGrpc.Bench
var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
var root = Path.Combine(Path.GetTempPath(), "wagrpc-bench", Guid.NewGuid().ToString("N"));

await EnqueueAsync("queue enqueue, 1 caller at a time", 1, count / 10);
await EnqueueAsync("queue enqueue, 64 concurrent callers (group commits)", 64, count);
await AppendFactsAsync(count);
await RestSendMessageAsync(count / 4, 32);
if (File.Exists("/usr/bin/chromium"))
{
    await BrowserIncomingAsync(count / 20, 16);
}
else
{
    Console.WriteLine("browser session: skipped (no /usr/bin/chromium)");
}

Directory.Delete(root, recursive: true);

async Task EnqueueAsync(string name, int callers, int total)
{
    await using var store = await Store.OpenAsync(Path.Combine(root, Guid.NewGuid().ToString("N")));
    var queue = new OutboundQueue(store.Database, store.Writer, new EventNotifier(), TimeProvider.System);
    var perCaller = total / callers;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
    {
        for (var i = 0; i < perCaller; i++)
        {
            await queue.EnqueueAsync(new QueueDocument { Kind = QueueKind.Text, ChatId = "17472822486@c.us", Body = "hello" });
        }
    }));
    Report(name, perCaller * callers, watch.Elapsed);
}

async Task AppendFactsAsync(int total)
{
    await using var store = await Store.OpenAsync(Path.Combine(root, Guid.NewGuid().ToString("N")));
    var log = new WaGrpc.Storage.EventLog(store.Database, store.Writer, new EventNotifier(), TimeProvider.System);
    var watch = Stopwatch.StartNew();
    for (var start = 0; start < total; start += 100)
    {
        var batch = Enumerable.Range(start, 100)
            .Select(i => (EngineFact)new MessageFact(new WaMessage { Id = $"false_17472822486@c.us_{i:X20}", ChatId = "17472822486@c.us", Body = "hi", Time = 1_700_000_000 }))
            .ToList();
        await log.AppendFactsAsync(batch);
    }

    Report("event log append, batches of 100 incoming messages", total, watch.Elapsed);
}

async Task RestSendMessageAsync(int total, int clients)
{
    var builder = WebApplication.CreateBuilder();
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["WaGrpc:Token"] = "bench",
        ["WaGrpc:DataDir"] = Path.Combine(root, "rest"),
        ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
        ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
    });
    // The queue is measured, not WhatsApp: the session stays idle (no browser).
    builder.Services.AddSingleton<IWhatsAppEngine, IdleEngine>();
    builder.AddWaGrpcServer();
    await using var app = builder.Build();
    app.MapWaGrpc();
    await app.StartAsync();
    using var http = new HttpClient { BaseAddress = app.Services.GetRequiredService<ListeningEndpoints>().RestUri };
    var perClient = total / clients;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        for (var i = 0; i < perClient; i++)
        {
            using var response = await http.PostAsJsonAsync("/sendMessage?token=bench", new { phone = "17472822486", body = "hello" });
            response.EnsureSuccessStatusCode();
        }
    }));
    Report($"REST POST /sendMessage, {clients} concurrent clients (each answer after its commit)", perClient * clients, watch.Elapsed);
    await app.StopAsync();
}

// Incoming messages end to end: the sandbox network pushes them to the stand-in page in real
// Chromium, the engine's page script reports them in batches through its binding, and the gateway
// commits them to the log. Measured until /messages holds them all.
async Task BrowserIncomingAsync(int total, int senders)
{
    var builder = WebApplication.CreateBuilder();
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["WaGrpc:Token"] = "bench",
        ["WaGrpc:DataDir"] = Path.Combine(root, "browser"),
        ["WaGrpc:Sandbox"] = "true",
        ["Kestrel:Endpoints:Rest:Url"] = "http://127.0.0.1:0",
        ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
    });
    builder.AddWaGrpcServer();
    await using var app = builder.Build();
    app.MapWaGrpc();
    await app.StartAsync();
    using var http = new HttpClient { BaseAddress = app.Services.GetRequiredService<ListeningEndpoints>().RestUri };
    string? qr = null;
    while (qr is null)
    {
        qr = (await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/sandbox/api/state?token=bench"))!["qr"]?.ToString();
        await Task.Delay(100);
    }

    (await http.PostAsJsonAsync("/sandbox/api/link?token=bench", new { qr })).EnsureSuccessStatusCode();
    while ((await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/status?token=bench"))!["accountStatus"]!.ToString() != "authenticated")
    {
        await Task.Delay(100);
    }

    var perSender = total / senders;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, senders).Select(async s =>
    {
        for (var i = 0; i < perSender; i++)
        {
            using var response = await http.PostAsJsonAsync("/sandbox/api/messages?token=bench", new { from = $"1747282{s:D4}", body = $"message {i}" });
            response.EnsureSuccessStatusCode();
        }
    }));
    var sent = watch.Elapsed;
    while ((await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/messages?token=bench&last=1"))!["lastMessageNumber"]!.GetValue<long>() < perSender * senders)
    {
        await Task.Delay(20);
    }

    Report($"incoming messages through the browser session (sandbox network → Chromium page → binding batches → log; pushed in {sent.TotalSeconds:F2} s)", perSender * senders, watch.Elapsed);
    await app.StopAsync();
}

static void Report(string name, int operations, TimeSpan elapsed) =>
    Console.WriteLine($"{name}: {operations} in {elapsed.TotalSeconds:F2} s = {operations / elapsed.TotalSeconds:N0}/s");

sealed class Store : IAsyncDisposable
{
    private Store(WaGrpcDatabase database)
    {
        Database = database;
        Writer = new StoreWriter(database, NullLogger<StoreWriter>.Instance);
    }

    public WaGrpcDatabase Database { get; }

    public StoreWriter Writer { get; }

    public static Task<Store> OpenAsync(string dataDir) =>
        Task.FromResult(new Store(new WaGrpcDatabase(Options.Create(new StorageOptions { DataDir = dataDir }))));

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        Database.Dispose();
    }
}

/// <summary>A session that never connects: for measuring the queue alone.</summary>
sealed class IdleEngine : IWhatsAppEngine
{
    public Task StartAsync(IEngineEvents events, CancellationToken cancellationToken) =>
        events.StatusChangedAsync(new EngineStatus(AccountStatus.Loading), cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task<bool> CheckPhoneAsync(string phone, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task TakeoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReadChatAsync(string chatId, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task ChangeParticipantAsync(string groupId, string participant, ParticipantChange change, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task<IReadOnlyList<ChatSummary>> ListChatsAsync(CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task<bool> WasSentAsync(string chatId, string keyId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<GroupCreated> CreateGroupAsync(OutboundGroup group, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task<string> RequestPairingCodeAsync(string phone, CancellationToken cancellationToken) => throw new EngineException("idle");

    public Task LogoutAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RebootAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
