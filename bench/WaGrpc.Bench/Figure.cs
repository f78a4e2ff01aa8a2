namespace WaGrpc.Bench;

/// <summary>
/// One measured figure of the report: its value, the baseline measured in the same run (when the
/// figure has one), the target, and whether the target was met.
/// </summary>
public sealed record Figure(string Name, double Value, string Unit)
{
    /// <summary>What the figure is compared with, measured in the same run ("raw LiteDB single-document commits").</summary>
    public string? BaselineName { get; init; }

    public double? Baseline { get; init; }

    /// <summary>The target in words ("≥ 5,000/s").</summary>
    public string? Target { get; init; }

    /// <summary>Whether the target was met (null: no target, or not decidable at this size).</summary>
    public bool? Met { get; init; }

    /// <summary>How it was measured (counts, concurrency).</summary>
    public string? Notes { get; init; }

    public string Formatted => Format(Value, Unit);

    public static string Format(double value, string unit) => unit switch
    {
        "/s" => $"{value:N0}/s",
        "ms" => value < 10 ? $"{value:0.00} ms" : $"{value:N0} ms",
        "s" => $"{value:0.00} s",
        "MB" => $"{value:N0} MB",
        _ => $"{value:N2} {unit}",
    };
}
