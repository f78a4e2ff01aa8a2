namespace WaGrpc.Testing;

/// <summary>Awaits with a generous timeout instead of sleeping (grpc-dotnet's DefaultTimeout).</summary>
public static class TaskTimeoutExtensions
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Default);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Default);

    /// <summary>Waits until <paramref name="condition"/> holds, checking every 20 ms.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), () => what, timeout, TimeSpan.FromMilliseconds(20));

    /// <summary>Waits until an asynchronous <paramref name="condition"/> holds, checking every <paramref name="interval"/> (50 ms).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what()}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }
}
