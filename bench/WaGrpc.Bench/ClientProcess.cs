using System.Diagnostics;
using System.Globalization;

namespace WaGrpc.Bench;

/// <summary>
/// Starts <see cref="LiveClients"/> as a process of its own (this bench's dll with
/// <see cref="LiveClients.Flag"/>) and collects what it measured: its CPU seconds and the latencies.
/// Its clock is the same as this process's (Stopwatch is the system's monotonic clock), so the
/// latencies of messages stamped here are true ones.
/// </summary>
public sealed class ClientProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _latencyFile;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _lines = [];
    private double? _cpu;

    private ClientProcess(Process process, string latencyFile)
    {
        _process = process;
        _latencyFile = latencyFile;
        process.OutputDataReceived += (_, e) => Take(e.Data);
        process.ErrorDataReceived += (_, e) => Take(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The client process's CPU seconds from <c>ready</c> until its clients had every message.</summary>
    public double Cpu => _cpu ?? throw new InvalidOperationException("the clients did not report their CPU");

    /// <summary>Starts <paramref name="clients"/> clients (<paramref name="mode"/>: stream or poll) and waits until they are in place.</summary>
    public static async Task<ClientProcess> StartAsync(BenchGateway gateway, string mode, string tag, int count, int clients, long after, string scratchDir)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        Directory.CreateDirectory(scratchDir);
        var latencyFile = Path.Combine(scratchDir, $"{tag}.latency");
        string[] args =
        [
            typeof(LiveClients).Assembly.Location, LiveClients.Flag, mode, gateway.GrpcUri.ToString(), gateway.Http.BaseAddress!.ToString(), tag,
            count.ToString(CultureInfo.InvariantCulture), clients.ToString(CultureInfo.InvariantCulture), after.ToString(CultureInfo.InvariantCulture), latencyFile,
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var child = new ClientProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), latencyFile);
        try
        {
            await child._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the clients had every message (within <paramref name="timeout"/>) and adds their latencies to <paramref name="latency"/>.</summary>
    public async Task FinishAsync(LatencySeries latency, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the clients had not every message after {timeout.TotalSeconds:0} s:\n{Tail()}");
        }

        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the clients exited with {_process.ExitCode}:\n{Tail()}");
        }

        using var file = new BinaryReader(File.OpenRead(_latencyFile));
        while (file.BaseStream.Position < file.BaseStream.Length)
        {
            latency.Add(file.ReadDouble());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Take(string? line)
    {
        if (line is null)
        {
            _ready.TrySetException(new InvalidOperationException($"the clients ended before they were ready:\n{Tail()}"));
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        if (line == "ready")
        {
            _ready.TrySetResult();
        }
        else if (line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            _cpu = double.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
        }
    }

    private string Tail()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines.TakeLast(20));
        }
    }
}
