using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WaGrpc.Bench;

/// <summary>
/// The gateway published as the Docker image publishes it (ReadyToRun: its assemblies and the
/// packages' carry native code for this machine, framework-dependent), into a folder of the run.
/// </summary>
public static class ServerPublish
{
    /// <summary>The published WaGrpc.Server.dll; null, with the reason, when publishing failed (e.g. no NuGet feed for the runtime packs).</summary>
    public static async Task<(string? Dll, string? Failure)> ReadyToRunAsync(string outputDir)
    {
        var project = Path.Combine(GatewayChild.ServerProjectDir(), "WaGrpc.Server.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
            "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", outputDir, "-v", "quiet", "-nologo", "--disable-build-servers"])
        {
            start.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        var dll = Path.Combine(outputDir, "WaGrpc.Server.dll");
        return publish.ExitCode == 0 && File.Exists(dll)
            ? (dll, null)
            : (null, $"dotnet publish -p:PublishReadyToRun=true failed ({publish.ExitCode}): {(await output + await errors).Trim()}");
    }
}
