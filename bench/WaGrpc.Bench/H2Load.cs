using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;

namespace WaGrpc.Bench;

/// <summary>
/// Debian's h2load (package nghttp2-client) as the load of a unary gRPC call: one HTTP/2
/// connection with <c>streams</c> concurrent streams, each POSTing the same length-prefixed
/// message. A load generator written in C takes far less of the 2 cores than a .NET client in the
/// gateway's own process, so the figure is the gateway's. h2load counts HTTP statuses only, not
/// gRPC trailers: the caller checks what was stored.
/// </summary>
public static partial class H2Load
{
    public const string Program = "h2load";

    /// <summary>h2load's path when it is installed, else null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, Program))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// Runs <paramref name="total"/> calls of <paramref name="method"/> (the gRPC path, "/pkg.Service/Method")
    /// with <paramref name="message"/>; answers calls per second and adds each call's latency to <paramref name="latency"/>.
    /// </summary>
    public static async Task<H2LoadResult> RunAsync(
        string h2load, Uri grpcUri, string method, IMessage message, string bearer, int total, int streams, LatencySeries latency, string dir)
    {
        Directory.CreateDirectory(dir);
        var body = Path.Combine(dir, "request.bin");
        var log = Path.Combine(dir, "requests.log");
        await File.WriteAllBytesAsync(body, Frame(message));

        var start = new ProcessStartInfo(h2load) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-n", total.ToString(CultureInfo.InvariantCulture), "-c", "1", "-m", streams.ToString(CultureInfo.InvariantCulture),
            "-d", body, "--log-file", log,
            "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", "authorization: Bearer " + bearer,
            new Uri(grpcUri, method).ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("h2load did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"h2load exited with {process.ExitCode}: {text}");
        }

        var rate = Rate().Match(text);
        var succeeded = Succeeded().Match(text);
        if (!rate.Success || !succeeded.Success)
        {
            throw new InvalidOperationException("h2load's output was not understood: " + text);
        }

        foreach (var line in await File.ReadAllLinesAsync(log))
        {
            // start (µs since the epoch), HTTP status, µs until the end of the response
            var columns = line.Split('\t');
            if (columns.Length >= 3 && long.TryParse(columns[2], CultureInfo.InvariantCulture, out var micros))
            {
                latency.Add(micros / 1000.0);
            }
        }

        return new H2LoadResult(
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(succeeded.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The gRPC wire form of one message: no compression, its length big-endian, the bytes.</summary>
    private static byte[] Frame(IMessage message)
    {
        var bytes = message.ToByteArray();
        var framed = new byte[5 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1, 4), (uint)bytes.Length);
        bytes.CopyTo(framed, 5);
        return framed;
    }

    [GeneratedRegex(@"finished in [\d.]+m?s, ([\d.]+) req/s")]
    private static partial Regex Rate();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded")]
    private static partial Regex Succeeded();
}
