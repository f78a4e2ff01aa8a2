namespace WaGrpc.Bench;

/// <summary>A temporary directory for one run's data files, removed at the end.</summary>
public sealed class Scratch : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "wagrpc-bench", Guid.NewGuid().ToString("N"));

    /// <summary>A new, unused directory under the run's root.</summary>
    public string NewDir(string name) => Path.Combine(Root, $"{name}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
