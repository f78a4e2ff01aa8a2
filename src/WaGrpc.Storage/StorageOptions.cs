using System.ComponentModel.DataAnnotations;

namespace WaGrpc.Storage;

/// <summary>Where the instance keeps its data: set from the instance's context (its data directory).</summary>
public sealed class StorageOptions
{
    /// <summary>The instance's data directory (the LiteDB file, its lock, the generated token). Default "./data".</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>The LiteDB file name inside <see cref="DataDir"/>.</summary>
    [Required]
    public string DatabaseFile { get; set; } = "wagrpc.db";
}
