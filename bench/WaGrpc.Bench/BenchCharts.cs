using System.Globalization;
using System.Net;
using System.Text;

namespace WaGrpc.Bench;

/// <summary>The report's two charts as plain SVG: throughput bars next to their baselines, and latency CDFs.</summary>
public static class BenchCharts
{
    private const int Width = 900;
    private static readonly string[] Colors = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#975a16", "#2c7a7b", "#4a5568"];

    /// <summary>One row per figure: its bar and, when it has one, its baseline's bar (log scale).</summary>
    public static string Throughput(IReadOnlyList<Figure> figures)
    {
        const int rowHeight = 44, left = 330, top = 40;
        var height = top + (figures.Count * rowHeight) + 40;
        var max = figures.SelectMany(f => new[] { f.Value, f.Baseline ?? 0 }).DefaultIfEmpty(1).Max();
        var logMax = Math.Log10(Math.Max(10, max));
        double X(double v) => v <= 1 ? 0 : (Width - left - 120) * Math.Log10(v) / logMax;

        var svg = Begin(height, "Throughput (log scale); grey: the baseline measured in the same run");
        for (var i = 0; i < figures.Count; i++)
        {
            var f = figures[i];
            var y = top + (i * rowHeight);
            svg.AppendLine(Text(8, y + 16, Shorten(f.Name, 48), "start", 12));
            svg.AppendLine(Bar(left, y + 4, X(f.Value), 14, Colors[0]));
            svg.AppendLine(Text(left + X(f.Value) + 6, y + 16, f.Formatted, "start", 11));
            if (f.Baseline is { } b)
            {
                svg.AppendLine(Bar(left, y + 21, X(b), 14, "#a0aec0"));
                svg.AppendLine(Text(left + X(b) + 6, y + 33, Figure.Format(b, f.Unit), "start", 11));
            }
        }

        return End(svg);
    }

    /// <summary>The cumulative distribution of each latency series (log time axis, 0.1 ms to the slowest sample).</summary>
    public static string LatencyCdf(IReadOnlyList<LatencySeries> series)
    {
        const int left = 60, top = 40, plotHeight = 300, bottom = 60;
        var plotWidth = Width - left - 220;
        var height = top + plotHeight + bottom;
        var all = series.SelectMany(s => s.Sorted()).ToList();
        var maxMs = Math.Max(1, all.DefaultIfEmpty(1).Max());
        double logMin = -1, logMax = Math.Ceiling(Math.Log10(maxMs));
        double X(double ms) => left + (plotWidth * (Math.Log10(Math.Max(0.1, ms)) - logMin) / (logMax - logMin));
        double Y(double fraction) => top + plotHeight - (plotHeight * fraction);

        var svg = Begin(height, "Latency, cumulative share of samples (log time axis)");
        svg.AppendLine($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#cbd5e0\"/>");
        for (var decade = (int)logMin; decade <= logMax; decade++)
        {
            var x = X(Math.Pow(10, decade));
            svg.AppendLine($"<line x1=\"{F(x)}\" y1=\"{top}\" x2=\"{F(x)}\" y2=\"{top + plotHeight}\" stroke=\"#edf2f7\"/>");
            svg.AppendLine(Text(x, top + plotHeight + 16, FormatMs(Math.Pow(10, decade)), "middle", 11));
        }

        foreach (var fraction in new[] { 0.5, 0.99 })
        {
            svg.AppendLine($"<line x1=\"{left}\" y1=\"{F(Y(fraction))}\" x2=\"{left + plotWidth}\" y2=\"{F(Y(fraction))}\" stroke=\"#e2e8f0\" stroke-dasharray=\"4 3\"/>");
            svg.AppendLine(Text(left - 6, Y(fraction) + 4, $"p{fraction * 100:0}", "end", 11));
        }

        for (var i = 0; i < series.Count; i++)
        {
            var sorted = series[i].Sorted();
            if (sorted.Length == 0)
            {
                continue;
            }

            var step = Math.Max(1, sorted.Length / 400);
            var points = new StringBuilder();
            for (var k = 0; k < sorted.Length; k += step)
            {
                points.Append(CultureInfo.InvariantCulture, $"{F(X(sorted[k]))},{F(Y((k + 1.0) / sorted.Length))} ");
            }

            points.Append(CultureInfo.InvariantCulture, $"{F(X(sorted[^1]))},{F(Y(1))}");
            var color = Colors[i % Colors.Length];
            svg.AppendLine($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>");
            svg.AppendLine(Bar(left + plotWidth + 16, top + 8 + (i * 20), 12, 12, color));
            svg.AppendLine(Text(left + plotWidth + 34, top + 18 + (i * 20), Shorten(series[i].Name, 26), "start", 11));
        }

        return End(svg);
    }

    private static StringBuilder Begin(int height, string title)
    {
        var svg = new StringBuilder();
        svg.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\">");
        svg.AppendLine($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>");
        svg.AppendLine(Text(8, 22, title, "start", 14));
        return svg;
    }

    private static string End(StringBuilder svg) => svg.AppendLine("</svg>").ToString();

    private static string Bar(double x, double y, double w, double h, string color) =>
        $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Math.Max(1, w))}\" height=\"{F(h)}\" fill=\"{color}\"/>";

    private static string Text(double x, double y, string text, string anchor, int size) =>
        $"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\">{WebUtility.HtmlEncode(text)}</text>";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string FormatMs(double ms) => ms < 1 ? $"{ms:0.#} ms" : ms < 1000 ? $"{ms:0} ms" : $"{ms / 1000:0} s";

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
