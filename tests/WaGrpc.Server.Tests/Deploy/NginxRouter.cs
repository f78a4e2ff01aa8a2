using System.Diagnostics;
using System.Globalization;
using System.Text;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Deploy;

/// <summary>
/// Debian's nginx as a child process, running deploy/k8s/router/routing.conf (the file Kubernetes
/// uses) with this test's parts beside it: listen ports on loopback, an overrides table, and the
/// shard → address maps pointing at <see cref="StubShard"/>s. Everything it writes stays in a temp dir.
/// </summary>
public sealed class NginxRouter : IAsyncDisposable
{
    public const string NginxPath = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _output = new();

    private NginxRouter(Process process, string dir, int restPort, int grpcPort)
    {
        _process = process;
        _dir = dir;
        RestUri = new Uri($"http://127.0.0.1:{restPort}");
        GrpcUri = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    public Uri RestUri { get; }

    public Uri GrpcUri { get; }

    /// <summary>Starts nginx routing shard i to <paramref name="shards"/>[i]; other shards have no pod.</summary>
    public static async Task<NginxRouter> StartAsync(IReadOnlyList<StubShard> shards, IReadOnlyDictionary<string, int> overrides)
    {
        if (!File.Exists(NginxPath))
        {
            throw new InvalidOperationException($"nginx not found at {NginxPath}: install Debian's 'nginx' package (apt-get install -y nginx; bash .ci/run does).");
        }

        // The ports are picked free before nginx binds them; another process may take one in between.
        for (var attempt = 1; ; attempt++)
        {
            var router = Launch(shards, overrides);
            if (await router.WaitUntilListeningAsync())
            {
                return router;
            }

            var log = router.Log();
            await router.DisposeAsync();
            if (attempt == 3 || !log.Contains("Address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"nginx exited before listening:\n{log}");
            }
        }
    }

    /// <summary>What nginx printed and logged so far (for failure messages).</summary>
    public string Log()
    {
        var errorLog = Path.Combine(_dir, "error.log");
        lock (_output)
        {
            return _output + (File.Exists(errorLog) ? File.ReadAllText(errorLog) : "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void WriteConfiguration(string dir, IReadOnlyList<StubShard> shards, IReadOnlyDictionary<string, int> overrides, int restPort, int grpcPort)
    {
        var routing = Path.Combine(RepositoryRoot(), "deploy", "k8s", "router", "routing.conf");
        var root = Environment.UserName == "root" ? "user root;\n" : "";
        // One worker: the round robin of "any" is then one cycle over the shards.
        File.WriteAllText(Path.Combine(dir, "nginx.conf"), $$"""
            {{root}}worker_processes 1;
            pid nginx.pid;
            error_log error.log info;
            events { worker_connections 256; }
            http {
                access_log access.log;
                client_body_temp_path temp-body;
                proxy_temp_path temp-proxy;
                fastcgi_temp_path temp-fastcgi;
                uwsgi_temp_path temp-uwsgi;
                scgi_temp_path temp-scgi;
                include "{{routing}}";
                include backends.conf;
            }
            """);
        File.WriteAllText(Path.Combine(dir, "listen-rest.conf"), $"listen 127.0.0.1:{restPort};\n");
        File.WriteAllText(Path.Combine(dir, "listen-grpc.conf"), $"listen 127.0.0.1:{grpcPort} http2;\n");
        File.WriteAllLines(Path.Combine(dir, "overrides.map"), overrides.Select(o => $"{o.Key} {o.Value.ToString(CultureInfo.InvariantCulture)};"));
        File.WriteAllText(Path.Combine(dir, "backends.conf"), Backends(shards));
    }

    // Shard i → stub i; "any" → all of them, round robin; any other shard → a pod that is down.
    private static string Backends(IReadOnlyList<StubShard> shards)
    {
        var text = new StringBuilder();
        text.AppendLine("upstream wagrpc_any_rest {");
        foreach (var shard in shards)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    server 127.0.0.1:{shard.RestPort};");
        }

        text.AppendLine("}");
        text.AppendLine("upstream wagrpc_missing_pod { server 127.0.0.1:1 down; }");
        foreach (var (variable, port) in new (string, Func<StubShard, int>)[] { ("rest", s => s.RestPort), ("grpc", s => s.GrpcPort) })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"map $wagrpc_shard $wagrpc_{variable}_backend {{");
            for (var i = 0; i < shards.Count; i++)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {i} 127.0.0.1:{port(shards[i])};");
            }

            if (variable == "rest")
            {
                text.AppendLine("    any wagrpc_any_rest;");
            }

            text.AppendLine("    default wagrpc_missing_pod;");
            text.AppendLine("}");
        }

        return text.ToString();
    }

    private static NginxRouter Launch(IReadOnlyList<StubShard> shards, IReadOnlyDictionary<string, int> overrides)
    {
        var dir = Path.Combine(Path.GetTempPath(), "wagrpc-tests", "router-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var restPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        WriteConfiguration(dir, shards, overrides, restPort, grpcPort);

        var start = new ProcessStartInfo(NginxPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", dir + "/", "-c", Path.Combine(dir, "nginx.conf"), "-e", "stderr", "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var router = new NginxRouter(process, dir, restPort, grpcPort);
        process.OutputDataReceived += (_, e) => router.Append(e.Data);
        process.ErrorDataReceived += (_, e) => router.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return router;
    }

    // nginx writes its pid file after it has bound every listen socket: then it is ready (the
    // kernel queues connections until a worker accepts them). False when it exited instead.
    private async Task<bool> WaitUntilListeningAsync()
    {
        var pidFile = Path.Combine(_dir, "nginx.pid");
        await TaskTimeoutExtensions.WaitUntilAsync(
            () => File.Exists(pidFile) || _process.HasExited,
            $"nginx to listen on {RestUri} and {GrpcUri}");
        return !_process.HasExited;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WaGrpc.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("WaGrpc.sln not found above " + AppContext.BaseDirectory);
    }
}
