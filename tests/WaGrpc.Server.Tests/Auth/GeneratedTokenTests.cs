using System.Net;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Auth;

public sealed class GeneratedTokenTests
{
    [Fact]
    public async Task Start_WithoutConfiguredToken_GeneratesOneKeepsItAndAcceptsOnlyIt()
    {
        await using var host = await GatewayHost.StartAsync(new() { ["WaGrpc:Token"] = "" });
        var tokenFile = Path.Combine(host.DataDir, "token");

        var generated = (await File.ReadAllTextAsync(tokenFile)).Trim();
        var withGenerated = await host.Rest.GetAsync($"/status?token={generated}");
        var withTestToken = await host.Rest.GetAsync(host.Url("/status"));
        await host.RestartAsync();
        var afterRestart = (await File.ReadAllTextAsync(tokenFile)).Trim();
        var withGeneratedAfterRestart = await host.Rest.GetAsync($"/status?token={generated}");

        Assert.Matches("^[0-9a-f]{40}$", generated);
        Assert.Equal(HttpStatusCode.OK, withGenerated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withTestToken.StatusCode);
        Assert.Equal(generated, afterRestart);
        Assert.Equal(HttpStatusCode.OK, withGeneratedAfterRestart.StatusCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        }
    }
}
