using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace WaGrpc.Bench;

/// <summary>
/// Collects the run's figures and latency series, prints each as it comes, and writes the report:
/// a Markdown page (machine, command, table, charts, and the hand-kept before/after log) with two
/// SVG charts beside it.
/// </summary>
public sealed class BenchReport(BenchSize size, string command)
{
    private readonly List<Figure> _figures = [];
    private readonly List<LatencySeries> _latencies = [];
    private readonly List<string> _skipped = [];
    private readonly List<string> _sections = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    public BenchSize Size { get; } = size;

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        var baseline = figure.Baseline is { } b ? $"  (baseline {figure.BaselineName}: {Figure.Format(b, figure.Unit)})" : "";
        var met = figure.Met switch { true => "  [target met]", false => "  [target NOT met]", null => "" };
        Console.WriteLine($"{figure.Name}: {figure.Formatted}{baseline}{met}");
    }

    /// <summary>Keeps a latency distribution for the chart (the figures carry its percentiles).</summary>
    public void AddLatency(LatencySeries series) => _latencies.Add(series);

    /// <summary>Adds a section of Markdown (from its "## " title on) after the figures: what a group of figures means.</summary>
    public void AddSection(string markdown) => _sections.Add(markdown.TrimEnd());

    public void Skip(string name, string why)
    {
        _skipped.Add($"{name}: {why}");
        Console.WriteLine($"{name}: skipped ({why})");
    }

    /// <summary>Writes <paramref name="markdownPath"/>, its sections and its charts (same name with -throughput.svg and -latency.svg).</summary>
    public void Write(string markdownPath, string? changesPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(markdownPath))!;
        Directory.CreateDirectory(dir);
        var stem = Path.GetFileNameWithoutExtension(markdownPath);
        var throughputSvg = stem + "-throughput.svg";
        var latencySvg = stem + "-latency.svg";
        // A run of some benches only may have no figure for a chart: it gets none.
        var throughput = _figures.Where(f => f.Unit == "/s").ToList();
        if (throughput.Count > 0)
        {
            File.WriteAllText(Path.Combine(dir, throughputSvg), BenchCharts.Throughput(throughput));
        }

        if (_latencies.Count > 0)
        {
            File.WriteAllText(Path.Combine(dir, latencySvg), BenchCharts.LatencyCdf(_latencies));
        }

        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine(changesPath is null
            ? "Written by the benchmark; do not edit by hand."
            : "Written by the benchmark; do not edit by hand (the before/after log at the end comes from `bench/changes.md`).");
        md.AppendLine();
        md.AppendLine("## Machine and command");
        md.AppendLine();
        md.AppendLine($"- Date: {_started:yyyy-MM-dd HH:mm} UTC, size `{Size.Name}`, {(DateTimeOffset.UtcNow - _started).TotalMinutes:0.0} min in all");
        md.AppendLine($"- Command: `{command}`");
        md.AppendLine($"- CPU: {Environment.ProcessorCount} cores ({CpuModel()}), memory {MemoryGiB():0.#} GiB, {RuntimeInformation.OSDescription}");
        md.AppendLine($"- .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; Chromium {ChromiumVersion()}");
        md.AppendLine($"- Everything on loopback in one machine; load from our own C# clients (Grpc.Net.Client, HttpClient){(H2Load.Find() is null ? "" : " and Debian's h2load for gRPC SendMessage")}.");
        md.AppendLine();
        md.AppendLine("## Figures");
        md.AppendLine();
        md.AppendLine("| figure | measured | baseline (same run) | target | met |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var f in _figures)
        {
            var baseline = f.Baseline is { } b ? $"{Figure.Format(b, f.Unit)} ({f.BaselineName})" : "";
            var met = f.Met switch { true => "yes", false => "**no**", null => "" };
            md.AppendLine($"| {f.Name}{(f.Notes is null ? "" : $"<br><sub>{f.Notes}</sub>")} | {f.Formatted} | {baseline} | {f.Target} | {met} |");
        }

        foreach (var skipped in _skipped)
        {
            md.AppendLine($"| {skipped} | skipped | | | |");
        }

        md.AppendLine();
        foreach (var section in _sections)
        {
            md.AppendLine(section);
            md.AppendLine();
        }

        if (throughput.Count > 0 || _latencies.Count > 0)
        {
            md.AppendLine("## Charts");
            md.AppendLine();
        }

        if (throughput.Count > 0)
        {
            md.AppendLine($"![throughput and baselines]({throughputSvg})");
            md.AppendLine();
        }

        if (_latencies.Count > 0)
        {
            md.AppendLine($"![latency distributions]({latencySvg})");
            md.AppendLine();
        }

        if (changesPath is not null && File.Exists(changesPath))
        {
            md.AppendLine(File.ReadAllText(changesPath).TrimEnd());
            md.AppendLine();
        }

        File.WriteAllText(markdownPath, md.ToString());
        Console.WriteLine($"report: {markdownPath}");
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static double MemoryGiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return kb / 1024.0 / 1024.0;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException)
        {
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;
        }
    }

    private static string ChromiumVersion()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/chromium", "--version") { RedirectStandardOutput = true });
            var text = process!.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return text.Length == 0 ? "unknown" : text;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "not found";
        }
    }
}
