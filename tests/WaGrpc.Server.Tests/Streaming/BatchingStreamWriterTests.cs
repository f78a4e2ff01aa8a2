using WaGrpc.Server.Events;

namespace WaGrpc.Server.Tests.Streaming;

/// <summary>What goes out buffered and what is flushed when StreamEvents writes a batch.</summary>
public sealed class BatchingStreamWriterTests
{
    [Fact]
    public async Task WriteAsync_ThenFlush_AllInOrderOnlyTheLastFlushed()
    {
        var stream = new RecordingStreamWriter();
        var writer = new BatchingStreamWriter<string>(stream, 100, CancellationToken.None);

        foreach (var item in new[] { "a", "b", "c" })
        {
            await writer.WriteAsync(item);
        }

        var beforeFlush = stream.Writes.Select(w => w.Item).ToArray();
        await writer.FlushAsync();

        Assert.Equal(["a", "b"], beforeFlush);
        Assert.Equal([("a", false), ("b", false), ("c", true)], stream.Writes);
    }

    [Fact]
    public async Task FlushAsync_NothingHeld_WritesNothing()
    {
        var stream = new RecordingStreamWriter();
        var writer = new BatchingStreamWriter<string>(stream, 100, CancellationToken.None);

        await writer.FlushAsync();
        await writer.WriteAsync("a");
        await writer.FlushAsync();
        await writer.FlushAsync();

        Assert.Equal([("a", true)], stream.Writes);
    }

    [Fact]
    public async Task WriteAsync_MoreThanMaxBatchWithoutFlush_FlushesEveryMaxBatch()
    {
        var stream = new RecordingStreamWriter();
        var writer = new BatchingStreamWriter<string>(stream, 3, CancellationToken.None);

        for (var i = 0; i < 8; i++)
        {
            await writer.WriteAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await writer.FlushAsync();

        Assert.Equal(Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), stream.Writes.Select(w => w.Item));
        Assert.Equal([false, false, true, false, false, true, false, true], stream.Writes.Select(w => w.Flushed));
    }

    [Fact]
    public async Task WriteAsync_MaxBatchOne_WritesEachAtOnceWithoutWriteOptions()
    {
        var stream = new RecordingStreamWriter(rejectsWriteOptions: true);
        var writer = new BatchingStreamWriter<string>(stream, 1, CancellationToken.None);

        await writer.WriteAsync("a");
        await writer.WriteAsync("b");
        await writer.FlushAsync();

        Assert.Equal([("a", true), ("b", true)], stream.Writes);
    }
}
