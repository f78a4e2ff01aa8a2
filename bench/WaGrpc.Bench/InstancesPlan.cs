namespace WaGrpc.Bench;

/// <summary>
/// The sizes and timings of the <c>instances</c> bench: how many instances at each step, how many
/// sends per instance in a burst, how long to settle before reading memory, how long an idle window is.
/// </summary>
public sealed record InstancesPlan(IReadOnlyList<int> Sizes, int BurstMessages, TimeSpan Settle, TimeSpan IdleWindow)
{
    public int Largest => Sizes[^1];

    public static InstancesPlan For(BenchSize size) => size.IsTiny
        ? new([1, 2], 5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3))
        : new([1, 2, 4], 40, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
}
