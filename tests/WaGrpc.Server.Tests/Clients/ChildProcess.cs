using System.Diagnostics;

namespace WaGrpc.Server.Tests.Clients;

/// <summary>Runs a program to its end, collecting what it prints; kills it when it outlives the timeout.</summary>
public static class ChildProcess
{
    public static async Task<ClientRun> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var what = string.Join(' ', [start.FileName, .. start.ArgumentList]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{what} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var run = new ClientRun(what, -1, await output, await errors);
            throw new TimeoutException($"{what} did not exit within {timeout.TotalSeconds} s and was killed\n{run}");
        }

        return new ClientRun(what, process.ExitCode, await output, await errors);
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
