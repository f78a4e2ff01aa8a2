using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace WaGrpc.Bench;

/// <summary>
/// The built gateway (WaGrpc.Server.dll) as its own process in sandbox mode, on free loopback
/// ports with a fresh data dir, as an operator starts it. It inherits the bench's environment, so
/// a candidate setting can be tried from outside (<c>DOTNET_gcServer=0</c>, <c>NODE_OPTIONS</c>,
/// <c>WaGrpc__Browser__ExtraArgs__0=--flag</c>). Every line it prints is kept with the time since
/// the start; disposing kills the whole tree (the gateway, its driver and all of Chromium).
/// </summary>
public sealed class GatewayChild : IAsyncDisposable
{
    /// <summary>The default instance's token.</summary>
    public const string Token = "bench";

    private const string Marker = "WAGRPC_BENCH_CHILD";

    private readonly Process _process;
    private readonly Stopwatch _clock;
    private readonly List<(TimeSpan At, string Line)> _lines = [];
    private readonly HttpClient _http;

    private GatewayChild(Process process, Stopwatch clock, Uri restUri, string marker, string dataDir)
    {
        _process = process;
        _clock = clock;
        DataDir = dataDir;
        _http = new HttpClient { BaseAddress = restUri, Timeout = TimeSpan.FromSeconds(30) };
        Tree = new ProcessTree(process.Id, Marker, marker);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public ProcessTree Tree { get; }

    /// <summary>The gateway's data directory (WaGrpc:DataDir).</summary>
    public string DataDir { get; }

    /// <summary>A client of its REST endpoint (30 s timeout).</summary>
    public HttpClient Http => _http;

    /// <summary>Time since the process was started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Starts <paramref name="serverDll"/> with a fresh data dir under <paramref name="dataDir"/>, and <paramref name="extraArgs"/> (<c>--Key=value</c>).</summary>
    public static GatewayChild Start(string serverDll, string dataDir, IEnumerable<string>? extraArgs = null)
    {
        var marker = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet")
        {
            // The dll's own folder: its appsettings.json (quiet ASP.NET request logs) applies.
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var restPort = FreePort();
        string[] args =
        [
            serverDll,
            $"--WaGrpc:DataDir={dataDir}",
            $"--WaGrpc:Token={Token}",
            "--WaGrpc:Sandbox=true",
            "--WaGrpc:RateLimit:PermitLimit=0",
            $"--Kestrel:Endpoints:Rest:Url=http://127.0.0.1:{restPort}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{FreePort()}",
        ];
        foreach (var arg in args.Concat(extraArgs ?? []))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment[Marker] = marker;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        return new GatewayChild(process, clock, new Uri($"http://127.0.0.1:{restPort}"), marker, dataDir);
    }

    /// <summary>Polls /status (of <paramref name="instance"/>, else the default instance) every 20 ms until it is <paramref name="status"/>; the time since the start.</summary>
    public async Task<TimeSpan> WaitForStatusAsync(string status, TimeSpan timeout, BenchInstance? instance = null)
    {
        instance ??= BenchInstance.Default;
        var last = "";
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited ({_process.ExitCode}):\n{Tail()}");
            }

            try
            {
                last = (await _http.GetFromJsonAsync<JsonObject>(instance.Path("/status")))!["accountStatus"]!.ToString();
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (last == status)
            {
                return _clock.Elapsed;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{instance.Id}: status '{status}' not reached in {timeout} (last '{last}'):\n{Tail()}");
    }

    /// <summary>Links the simulated phone (of <paramref name="instance"/>, else the default instance) to the page's QR code (the sandbox phone API).</summary>
    public async Task LinkAsync(BenchInstance? instance = null)
    {
        instance ??= BenchInstance.Default;
        var qr = (await _http.GetFromJsonAsync<JsonObject>(instance.Path("/sandbox/api/state")))!["qr"]?.ToString()
            ?? throw new InvalidOperationException($"{instance.Id}: the sandbox shows no QR code");
        using var response = await _http.PostAsJsonAsync(instance.Path("/sandbox/api/link"), new { qr });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>When the first printed line containing <paramref name="text"/> came (null: not yet).</summary>
    public TimeSpan? LineAt(string text)
    {
        lock (_lines)
        {
            foreach (var (at, line) in _lines)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return at;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The dll <c>dotnet run -c Release --project bench/WaGrpc.Bench</c> has just built (the bench
    /// references the server); built here when the bench runs from elsewhere. WAGRPC_BENCH_SERVER_DLL
    /// names another build (an earlier commit's, to compare before and after under the same load).
    /// </summary>
    public static async Task<string> ServerDllAsync()
    {
        if (Environment.GetEnvironmentVariable("WAGRPC_BENCH_SERVER_DLL") is { Length: > 0 } other)
        {
            return File.Exists(other) ? other : throw new FileNotFoundException("WAGRPC_BENCH_SERVER_DLL names no file", other);
        }

        var project = ServerProjectDir();
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "WaGrpc.Server.dll");
        if (!File.Exists(dll))
        {
            using var build = Process.Start("dotnet", ["build", "-c", "Release", project]);
            await build.WaitForExitAsync();
            if (build.ExitCode != 0 || !File.Exists(dll))
            {
                throw new InvalidOperationException($"could not build {dll}");
            }
        }

        return dll;
    }

    /// <summary>The gateway's project folder (src/WaGrpc.Server) of the repository the bench runs from.</summary>
    public static string ServerProjectDir()
    {
        var root = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "WaGrpc.sln")))
        {
            root = root.Parent;
        }

        return root is null
            ? throw new InvalidOperationException("run the bench from the repository (no WaGrpc.sln above the working directory)")
            : Path.Combine(root.FullName, "src", "WaGrpc.Server");
    }

    public string Tail()
    {
        var text = new StringBuilder();
        lock (_lines)
        {
            foreach (var (at, line) in _lines.TakeLast(40))
            {
                text.AppendLine($"{at.TotalSeconds,7:0.000} {line}");
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Tree.KillAsync(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add((_clock.Elapsed, line));
        }
    }
}
