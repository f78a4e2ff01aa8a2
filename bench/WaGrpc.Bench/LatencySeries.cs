namespace WaGrpc.Bench;

/// <summary>Latency samples of one measurement (milliseconds), for percentiles and the report's chart.</summary>
public sealed class LatencySeries(string name)
{
    private readonly List<double> _samples = [];

    public string Name { get; } = name;

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>The sorted samples (a copy).</summary>
    public double[] Sorted()
    {
        lock (_samples)
        {
            var copy = _samples.ToArray();
            Array.Sort(copy);
            return copy;
        }
    }

    /// <summary>The <paramref name="p"/>th percentile (0–100), nearest rank; NaN without samples.</summary>
    public double Percentile(double p)
    {
        var sorted = Sorted();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
