namespace WaGrpc.Browser;

/// <summary>
/// Starts a call on a thread of its own that ends when the call first waits. The shared array
/// pool keeps one array of each size per thread for as long as the thread lives; a call that
/// serializes a very large message (wa-js as an init script: an 8 MB char[] and a 2 MB byte[] of
/// escaped JSON in the Playwright client) would leave those arrays with a thread-pool thread for
/// the life of the process. Started here, they die with this thread and the next full collection
/// frees them (<see cref="SetupGarbage"/>).
/// </summary>
internal static class ShortLivedThread
{
    /// <summary>Runs <paramref name="call"/> on a new thread until its first wait; answers the call's task.</summary>
    public static Task Run(Func<Task> call)
    {
        var started = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                started.SetResult(call());
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "WaGrpc large call",
        };
        thread.Start();
        return started.Task.Unwrap();
    }
}
