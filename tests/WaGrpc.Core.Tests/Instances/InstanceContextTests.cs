using WaGrpc.Core.Instances;

namespace WaGrpc.Core.Tests.Instances;

/// <summary>Which instance a service works for: its id, full data directory and the prefix of its own URLs.</summary>
public sealed class InstanceContextTests
{
    [Fact]
    public void New_DefaultInstance_HasNoPathPrefixAndAFullDataDir()
    {
        var context = new InstanceContext("1", Path.Combine("data", "default"), isDefault: true);

        Assert.Equal("1", context.Id);
        Assert.True(context.IsDefault);
        Assert.Equal("", context.PathPrefix);
        Assert.True(Path.IsPathFullyQualified(context.DataDir), context.DataDir);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "default")), context.DataDir);
        Assert.Equal("1", context.ToString());
    }

    [Theory]
    [InlineData("sales-2", "/instancesales-2")]
    [InlineData("3-k7q2m9xa", "/instance3-k7q2m9xa")]
    public void PathPrefix_AnotherInstance_IsInstanceFollowedByItsId(string id, string prefix)
    {
        var context = new InstanceContext(id, "/data/instances/" + id, isDefault: false);

        Assert.False(context.IsDefault);
        Assert.Equal(prefix, context.PathPrefix);
        Assert.StartsWith(InstanceContext.PathPrefixStart, context.PathPrefix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "/data")]
    [InlineData("  ", "/data")]
    [InlineData(null, "/data")]
    [InlineData("1", "")]
    [InlineData("1", " ")]
    [InlineData("1", null)]
    public void New_BlankIdOrDataDir_Throws(string? id, string? dataDir)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new InstanceContext(id!, dataDir!, isDefault: false));

        Assert.Equal(id is null || id.Trim().Length == 0 ? "id" : "dataDir", error.ParamName);
    }
}
