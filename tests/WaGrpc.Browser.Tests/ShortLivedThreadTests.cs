namespace WaGrpc.Browser.Tests;

/// <summary>A call started on a thread of its own: answered like the call itself, on a thread that then ends.</summary>
public sealed class ShortLivedThreadTests
{
    [Fact]
    public async Task Call_RunsOnItsOwnThread_WhichEndsAtTheCallsFirstWait()
    {
        var proceed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<Thread>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = ShortLivedThread.Run(async () =>
        {
            started.SetResult(Thread.CurrentThread);
            await proceed.Task;
        });

        // The call's thread ends once the call waits, while the call itself goes on.
        var ranOn = await started.Task;
        Assert.NotSame(Thread.CurrentThread, ranOn);
        Assert.True(ranOn.Join(TimeSpan.FromSeconds(30)));
        Assert.False(call.IsCompleted);

        proceed.SetResult();
        await call;
    }

    [Fact]
    public async Task Failures_ComeBackThroughTheTask_WhetherThrownAtOnceOrLater()
    {
        var atOnce = ShortLivedThread.Run(() => throw new InvalidOperationException("at once"));
        Assert.Equal("at once", (await Assert.ThrowsAsync<InvalidOperationException>(() => atOnce)).Message);

        var later = ShortLivedThread.Run(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("later");
        });
        Assert.Equal("later", (await Assert.ThrowsAsync<InvalidOperationException>(() => later)).Message);
    }
}
