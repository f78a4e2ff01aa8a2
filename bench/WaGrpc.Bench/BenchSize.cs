namespace WaGrpc.Bench;

/// <summary>
/// How big a run is: <c>full</c> measures the figures at their sizes; <c>tiny</c> runs every
/// benchmark at a small size so CI can check they keep working (its figures mean little).
/// </summary>
public sealed record BenchSize(string Name, double Scale)
{
    public static readonly BenchSize Full = new("full", 1);

    public static readonly BenchSize Tiny = new("tiny", 0.02);

    public bool IsTiny => Scale < 1;

    /// <summary><paramref name="full"/> scaled to this size, at least <paramref name="minimum"/>.</summary>
    public int Of(int full, int minimum = 1) => Math.Max(minimum, (int)(full * Scale));

    /// <summary>A target check that only counts at full size.</summary>
    public bool? Judge(bool met) => IsTiny ? null : met;
}
