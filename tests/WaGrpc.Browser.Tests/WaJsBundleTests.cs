using WaGrpc.Browser;

namespace WaGrpc.Browser.Tests;

public sealed class WaJsBundleTests
{
    [Fact]
    public void Embedded_IsThePinnedReleaseByteForByte()
    {
        var bundle = WaJsBundle.Load(null);

        Assert.Equal("@wppconnect/wa-js", WaJsBundle.Pin.Package);
        Assert.Equal("4.6.0", WaJsBundle.Pin.Version);
        Assert.Equal(WaJsBundle.Pin.Version, bundle.PinnedVersion);
        // The sha256 of dist/wppconnect-wa.js in the npm release 4.6.0 (update.sh checks the tarball's integrity).
        Assert.Equal("5bfb88027f14a4d8c9e319374e8bb4083201906881cf8c74f75789b32e4106bd", WaJsBundle.Pin.Sha256);
        Assert.Equal(WaJsBundle.Pin.Sha256, bundle.Sha256);
        Assert.Equal(WaJsBundle.Pin.Sha256, WaJsBundle.HashOf(System.Text.Encoding.UTF8.GetBytes(bundle.Source)));
    }

    [Fact]
    public void Embedded_MatchesTheFileInTheRepository()
    {
        var file = Path.Combine(RepositoryRoot(), "src", "WaGrpc.Browser", "WaJs", "wppconnect-wa.js");

        Assert.Equal(WaJsBundle.Pin.Sha256, WaJsBundle.HashOf(File.ReadAllBytes(file)));
    }

    [Fact]
    public void Load_WithAPath_ReadsThatFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wa-js-{Guid.NewGuid():N}.js");
        File.WriteAllText(path, "window.WPP = { version: '9.9.9' };");
        try
        {
            var bundle = WaJsBundle.Load(path);

            Assert.Null(bundle.PinnedVersion);
            Assert.Equal(path, bundle.Origin);
            Assert.Equal(WaJsBundle.HashOf(File.ReadAllBytes(path)), bundle.Sha256);
            Assert.Contains("9.9.9", bundle.Source, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_WithAMissingPath_NamesIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => WaJsBundle.Load("/nonexistent/wppconnect-wa.js"));

        Assert.Contains("WaGrpc:Browser:WaJsPath", error.Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WaGrpc.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("WaGrpc.sln not found above " + AppContext.BaseDirectory);
    }
}
