using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;

namespace WaGrpc.Browser.Tests;

/// <summary>
/// The login's second line of defence (issue 10, item 2): after a login the engine copies the
/// WhatsApp origin's storage into LiteDB, and a browser profile that lost its login gets it back,
/// without a new QR scan. Real Chromium on the stand-in, whose login lives in IndexedDB as the real
/// page's does.
/// </summary>
public sealed class SessionSnapshotTests
{
    [Fact]
    public async Task ProfileThatLostItsLogin_GetsTheCopyBack_WithoutANewScan()
    {
        await using var live = await LiveGateway.StartAsync(LiveGateway.FixedRestPort());
        await live.LinkAsync();
        var saved = await SnapshotAsync(live);

        await live.Host.RestartAsync(whileStopped: () => Directory.Delete(Path.Combine(live.Host.DataDir, "browser-profile"), recursive: true));
        await live.WaitForStatusAsync("authenticated");
        var (_, sent) = await live.Host.PostAsync("/sendMessage", new { phone = "17472822486", body = "after losing the profile" });
        var delivered = await live.WaitForDeliveredAsync(1);

        // The copy holds the stand-in's login store (IndexedDB `wawc`), as the real page keeps it.
        Assert.NotNull(saved);
        Assert.Contains("\"wawc\"", saved.State, StringComparison.Ordinal);
        var logins = 0;
        var statuses = (await live.EventsUntilAsync(e => e.Status.AccountStatus == "authenticated" && ++logins == 2, EventKind.Status))
            .Select(e => e.Status.AccountStatus).ToList();
        Assert.DoesNotContain("got qr code", statuses.Skip(statuses.IndexOf("authenticated")));
        Assert.Equal((string)sent!["id"]!, (string)Assert.Single(delivered)!["id"]!);
    }

    [Fact]
    public async Task Logout_ForgetsTheCopy()
    {
        await using var live = await LiveGateway.StartAsync();
        await live.LinkAsync();
        Assert.NotNull(await SnapshotAsync(live));

        await live.Host.PostAsync("/logout", new { });
        await live.WaitForStatusAsync("got qr code");

        Assert.Null(await SnapshotAsync(live));
    }

    [Fact]
    public async Task CopyTheNetworkRefuses_EndsAtAQr_AndIsForgotten()
    {
        await using var live = await LiveGateway.StartAsync(LiveGateway.FixedRestPort());
        await live.LinkAsync();
        var stale = (await SnapshotAsync(live))!;
        await live.Host.PostAsync("/sandbox/api/unlink", new { });
        await live.WaitForStatusAsync("got qr code");

        // The device was unlinked while its copy survived (say, a backup of the data dir).
        await live.Host.Services.GetRequiredService<ISessionSnapshotStore>().SaveAsync(stale.State, CancellationToken.None);
        await live.Host.RestartAsync(whileStopped: () => Directory.Delete(Path.Combine(live.Host.DataDir, "browser-profile"), recursive: true));
        await live.WaitForStatusAsync("got qr code");

        Assert.Null(await SnapshotAsync(live));
        Assert.False((bool)(await live.GetAsync("/sandbox/api/state"))["linked"]!);
        await live.LinkAsync();
        Assert.NotNull(await SnapshotAsync(live));
    }

    [Fact]
    public async Task CopyThatCannotBePutBack_IsKept_AndTheNextStartPutsItBack()
    {
        await using var live = await LiveGateway.StartAsync(LiveGateway.FixedRestPort());
        await live.LinkAsync();
        var profile = Path.Combine(live.Host.DataDir, "browser-profile");
        var inTheWay = Path.Combine(profile, "wagrpc-session-restore.json");

        // The profile lost its login, and the copy cannot be written back (a directory holds the
        // restore file's name): the page shows its QR code again, and the copy stays.
        await live.Host.RestartAsync(whileStopped: () =>
        {
            Directory.Delete(profile, recursive: true);
            Directory.CreateDirectory(inTheWay);
        });
        await live.WaitForStatusAsync("got qr code");
        Assert.NotNull(await SnapshotAsync(live));

        await live.Host.RestartAsync(whileStopped: () => Directory.Delete(inTheWay));
        await live.WaitForStatusAsync("authenticated");
        Assert.True((bool)(await live.GetAsync("/sandbox/api/state"))["linked"]!);
    }

    private static Task<StoredSessionState?> SnapshotAsync(LiveGateway live) =>
        live.Host.Services.GetRequiredService<ISessionSnapshotStore>().LoadAsync(CancellationToken.None);
}
