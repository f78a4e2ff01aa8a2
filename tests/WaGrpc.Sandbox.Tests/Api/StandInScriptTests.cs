using WaGrpc.Sandbox.Api;

namespace WaGrpc.Sandbox.Tests.Api;

public sealed class StandInScriptTests
{
    [Fact]
    public void Bundle_JoinsEveryModuleFile_LoaderFirstBootLast()
    {
        var embedded = typeof(StandInScript).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("sandbox/web/js/", StringComparison.Ordinal) && n.EndsWith(".js", StringComparison.Ordinal))
            .Select(n => n["sandbox/web/js/".Length..^".js".Length])
            .Order()
            .ToArray();

        Assert.Equal(embedded, StandInScript.Files.Order().ToArray());
        Assert.Equal("loader", StandInScript.Files[0]);
        Assert.Equal("boot", StandInScript.Files[^1]);
        Assert.StartsWith("// ---- js/loader.js", StandInScript.Text, StringComparison.Ordinal);
        Assert.Contains("__d('WAWebMsgCollection'", StandInScript.Text, StringComparison.Ordinal);
    }
}
