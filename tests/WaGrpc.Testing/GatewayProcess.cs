using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WaGrpc.Browser;

namespace WaGrpc.Testing;

/// <summary>
/// The gateway as its own process (the built WaGrpc.Server.dll) in its own process group, so a
/// test can SIGKILL it with its Chromium at once and start it again on the same data directory
/// and ports, as an operator's crash would. Playwright starts Chromium in a session of its own,
/// so the kill names both: the gateway's group and the browser's.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly string[] _args;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private GatewayProcess(string dataDir, int restPort, int grpcPort, IEnumerable<string> settings)
    {
        DataDir = dataDir;
        RestUri = new Uri($"http://127.0.0.1:{restPort}");
        _args =
        [
            $"--WaGrpc:DataDir={dataDir}",
            $"--WaGrpc:Token={GatewayHost.Token}",
            "--WaGrpc:RateLimit:PermitLimit=0",
            $"--Kestrel:Endpoints:Rest:Url={RestUri}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
            .. settings,
        ];
        Rest = new HttpClient { BaseAddress = RestUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string DataDir { get; }

    public Uri RestUri { get; }

    public HttpClient Rest { get; }

    /// <summary>What the gateway printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a gateway process with <paramref name="settings"/> ("--Key=value") on free loopback ports.</summary>
    public static GatewayProcess Start(params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "wagrpc-tests", Guid.NewGuid().ToString("N"));
        var gateway = new GatewayProcess(dataDir, FreePort.Next(), FreePort.Next(), settings);
        gateway.Launch();
        return gateway;
    }

    /// <summary>The gateway's browser profile (its Chromium's --user-data-dir).</summary>
    public string ProfileDir => Path.Combine(DataDir, "browser-profile");

    /// <summary>
    /// A crash: SIGKILL to the gateway's process group and, unless <paramref name="browserToo"/> is
    /// false, to its Chromium's (as the OOM killer, a container stop or a power cut would); then
    /// wait for the gateway to be gone.
    /// </summary>
    public async Task KillAsync(bool browserToo = true)
    {
        var process = _process ?? throw new InvalidOperationException("Not running.");
        var groups = new List<int> { process.Id };
        if (browserToo)
        {
            groups.AddRange(ProfileBrowsers.Find(ProfileDir));
        }

        await SignalGroupsAsync("-KILL", groups);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        process.Dispose();
        _process = null;
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. -STOP) to the process groups at once, as `kill -SIG -- -pgid …` does.</summary>
    public static async Task SignalGroupsAsync(string signal, IEnumerable<int> groups)
    {
        using var kill = Process.Start("kill", [signal, "--", .. groups.Select(group => "-" + group)]) ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
    }

    /// <summary>Starts the gateway again on the same data directory and ports.</summary>
    public void Restart()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("Still running.");
        }

        Launch();
    }

    public string Url(string pathAndQuery) =>
        pathAndQuery + (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + GatewayHost.Token;

    public async Task<JsonNode> GetAsync(string path) =>
        JsonNode.Parse(await Rest.GetStringAsync(Url(path))) ?? throw new InvalidOperationException("null answer");

    public async Task<JsonNode?> PostAsync(string path, object body)
    {
        using var response = await Rest.PostAsJsonAsync(Url(path), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text);
    }

    /// <summary>Waits for /status to show <paramref name="status"/> (the gateway may still be starting).</summary>
    public async Task WaitForStatusAsync(string status, TimeSpan timeout)
    {
        var last = "";
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () =>
            {
                try
                {
                    last = (string?)(await GetAsync("/status"))["accountStatus"] ?? "";
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                }

                return last == status;
            },
            () => $"status '{status}' (last '{last}'); the gateway said:\n{Tail()}",
            timeout,
            TimeSpan.FromMilliseconds(200));
    }

    public string Tail() => Output.Length > 4000 ? Output[^4000..] : Output;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await KillAsync();
        }

        Rest.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Launch()
    {
        // setsid: a new process group, led by the gateway (it execs without forking), which the
        // test kills as `kill -9 -- -<pid>` would. Chromium is not in it: Playwright starts the
        // browser in a session of its own.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(DotnetHost());
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WaGrpc.Server.dll"));
        foreach (var arg in _args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The dotnet host running these tests (or the one the SDK names), to run a dll (the gateway, the C# example).</summary>
    public static string DotnetHost()
    {
        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            return path;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
