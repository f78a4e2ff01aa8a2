using WaGrpc.Browser;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;

namespace WaGrpc.Browser.Tests;

/// <summary>
/// The bridge against the wa-js it finds: a WPP function missing (as when WhatsApp changed and
/// wa-js lost a module) is named in /status and turns off only the features that need it.
/// </summary>
public sealed class WaJsFeatureTests
{
    // Appended to the pinned bundle (loaded with WaGrpc:Browser:WaJsPath): WPP without group.create.
    private const string WithoutGroupCreate = """

        ;(() => {
          const real = self.WPP;
          const group = new Proxy(real.group, { get: (target, name) => (name === 'create' ? undefined : target[name]) });
          self.WPP = new Proxy(real, { get: (target, name) => (name === 'group' ? group : target[name]) });
        })();
        """;

    [Fact]
    public async Task MissingWppFunction_IsNamedInTheStatus_AndTheOtherFeaturesKeepWorking()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wa-js-without-group-create-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(path, WaJsBundle.Load(null).Source + WithoutGroupCreate);
        try
        {
            await using var live = await LiveGateway.StartAsync(new() { ["WaGrpc:Browser:WaJsPath"] = path });
            await live.LinkAsync();

            var page = (await live.GetAsync("/status"))["page"]!;
            var (_, sent) = await live.Host.PostAsync("/sendMessage", new { phone = "17472822486", body = "groups are off, texts are not" });
            var delivered = await live.WaitForDeliveredAsync(1);
            var refused = await Assert.ThrowsAsync<EngineException>(() => live.Engine.CreateGroupAsync(new OutboundGroup(9, "Nope", ["17472822486@c.us"]), CancellationToken.None));

            Assert.Equal("4.6.0", (string)page["waJsVersion"]!);
            Assert.StartsWith("2.3000.", (string)page["whatsappWebVersion"]!, StringComparison.Ordinal);
            Assert.Equal(["WPP.group.create"], page["missing"]!.AsArray().Select(m => (string)m!).ToArray());
            Assert.Equal(["groups"], page["disabledFeatures"]!.AsArray().Select(m => (string)m!).ToArray());
            Assert.Equal("authenticated", await live.StatusAsync());
            Assert.Equal((string)sent!["id"]!, (string)Assert.Single(delivered)!["id"]!);
            Assert.Contains("WPP.group.create", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task PinnedWaJs_IsReportedWithNothingMissing()
    {
        await using var live = await LiveGateway.StartAsync();
        await live.WaitForStatusAsync("got qr code");

        var page = (await live.GetAsync("/status"))["page"]!;
        using var watch = live.Host.Session().WatchStatus(new WatchStatusRequest());
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var watched = watch.ResponseStream.Current;

        Assert.Equal(WaJsBundle.Pin.Version, watched.Page.WaJsVersion);
        Assert.Equal((string)page["whatsappWebVersion"]!, watched.Page.WhatsappWebVersion);
        Assert.Equal(WaJsBundle.Pin.Version, (string)page["waJsVersion"]!);
        Assert.Empty(page["missing"]!.AsArray());
        Assert.Empty(page["disabledFeatures"]!.AsArray());
    }
}
