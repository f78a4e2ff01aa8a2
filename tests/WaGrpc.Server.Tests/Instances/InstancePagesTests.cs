using Microsoft.Playwright;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>
/// An instance's pages under its prefix, in real Chromium: its sandbox phone page links its own
/// session (and no other), and its dashboard shows and drives that instance with its token.
/// </summary>
public sealed class InstancePagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 60_000;

    [Fact]
    public async Task PhonePageAndDashboard_UnderTheInstancesPrefix_ServeThatInstance()
    {
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(
            ("WaGrpc:Sandbox", "true"),
            ("WaGrpc:Browser:ExecutablePath", BrowserFixture.ExecutablePath),
            ("WaGrpc:Browser:RestartDelay", "00:00:00.200")), AccountStatus.Loading, browserEngine: true);
        using var alpha = await new AdminClient(host).CreateOkAsync("alpha");
        var context = await browser.Browser.NewContextAsync();
        try
        {
            var phone = await context.NewPageAsync();
            await phone.GotoAsync(new Uri(host.RestUri, "/instancealpha/sandbox/phone/?token=" + alpha.Token).ToString());
            var scan = phone.GetByRole(AriaRole.Button, new() { Name = "Scan QR code" });
            await Assertions.Expect(scan).ToBeEnabledAsync(new() { Timeout = Patience });
            await scan.ClickAsync();
            await TaskTimeoutExtensions.WaitUntilAsync(
                async () => (string?)(await alpha.GetOkAsync("/status"))["accountStatus"] == "authenticated", () => "alpha linked by its phone page");
            Assert.NotEqual("authenticated", (string?)(await host.GetOkJsonAsync("/status"))["accountStatus"]);

            await alpha.PostOkAsync("/sendMessage", new { phone = "17472822486", body = "From alpha" });
            await phone.Locator("#chat-list li", new() { HasText = "17472822486@c.us" }).ClickAsync(new() { Timeout = Patience });
            await Assertions.Expect(phone.Locator("#messages")).ToContainTextAsync("From alpha", new() { Timeout = Patience });

            var dashboard = await context.NewPageAsync();
            await dashboard.GotoAsync(new Uri(host.RestUri, "/instancealpha/dashboard?token=" + alpha.Token).ToString());
            await Assertions.Expect(dashboard.Locator("#account-status")).ToHaveTextAsync("authenticated", new() { Timeout = Patience });
            Assert.Equal(alpha.Token, await dashboard.EvaluateAsync<string?>("() => sessionStorage.getItem('wagrpc.dashboard.token/instancealpha')"));
            // The dashboard follows the instance's own live events (from when it opened).
            await alpha.PostOkAsync("/sendMessage", new { phone = "17472822486", body = "Seen live" });
            await Assertions.Expect(dashboard.Locator("#event-list")).ToContainTextAsync("Seen live", new() { Timeout = Patience });
        }
        finally
        {
            await context.DisposeAsync();
        }
    }
}
