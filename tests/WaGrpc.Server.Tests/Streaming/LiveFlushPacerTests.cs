using Microsoft.Extensions.Time.Testing;
using WaGrpc.Server.Events;

namespace WaGrpc.Server.Tests.Streaming;

/// <summary>A live stream's flushes spaced at least the interval apart, on the injected clock.</summary>
public sealed class LiveFlushPacerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void FirstFlush_GoesAtOnce()
    {
        var pacer = new LiveFlushPacer(new FakeTimeProvider(), Interval);

        Assert.Equal(TimeSpan.Zero, pacer.WaitBeforeFlush());
    }

    [Fact]
    public void EventSoonAfterAFlush_WaitsForTheRestOfTheInterval()
    {
        var clock = new FakeTimeProvider();
        var pacer = new LiveFlushPacer(clock, Interval);
        pacer.Flushed();

        clock.Advance(TimeSpan.FromMilliseconds(3));

        Assert.Equal(TimeSpan.FromMilliseconds(7), pacer.WaitBeforeFlush());
    }

    [Fact]
    public void EventAfterAQuietSpell_GoesAtOnce()
    {
        var clock = new FakeTimeProvider();
        var pacer = new LiveFlushPacer(clock, Interval);
        pacer.Flushed();

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, pacer.WaitBeforeFlush());
    }

    [Fact]
    public void ZeroInterval_NeverWaits()
    {
        var clock = new FakeTimeProvider();
        var pacer = new LiveFlushPacer(clock, TimeSpan.Zero);
        pacer.Flushed();

        Assert.Equal(TimeSpan.Zero, pacer.WaitBeforeFlush());
    }
}
