using Microsoft.Playwright;
using WaGrpc.Sandbox.Tests.Web;
using WaGrpc.Testing;

namespace WaGrpc.Sandbox.Tests.Phone;

/// <summary>The sandbox phone page (/sandbox/phone/) in real Chromium next to the stand-in page: a person links, reads and answers.</summary>
public sealed class PhonePageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Phone_ScansTheQr_SeesWhatTheAccountSent_AndAnswersAsTheContact()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.WaitForStateAsync("UNPAIRED");
        var phone = await sandbox.Context.NewPageAsync();
        await phone.GotoAsync(new Uri(sandbox.Host.RestUri, "/sandbox/phone/?token=" + GatewayHost.Token).ToString());

        var scan = phone.GetByRole(AriaRole.Button, new() { Name = "Scan QR code" });
        await Assertions.Expect(scan).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await scan.ClickAsync();
        await sandbox.WaitForStateAsync("CONNECTED");
        await Assertions.Expect(phone.Locator("#status")).ToContainTextAsync("linked · online", new() { Timeout = 30_000 });

        var sentId = await sandbox.SendTextAsync("17472822486@c.us", "Your order has shipped");
        var chat = phone.Locator("#chat-list li", new() { HasText = "17472822486@c.us" });
        await chat.ClickAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(phone.Locator("#messages")).ToContainTextAsync("Your order has shipped", new() { Timeout = 30_000 });
        await phone.Locator("#reply-body").FillAsync("Thanks!");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await sandbox.WaitForAsync("() => window.__rec.adds.some(m => !m.id.fromMe && m.body === 'Thanks!')");

        var answer = await sandbox.EvalAsync<string>("() => window.__rec.adds.find(m => m.body === 'Thanks!').id.remote");
        Assert.Equal("17472822486@c.us", answer);
        Assert.StartsWith("true_17472822486@c.us_3EB0", sentId, StringComparison.Ordinal);
        await Assertions.Expect(phone.Locator("#messages")).ToContainTextAsync("Thanks!");
    }

    [Fact]
    public async Task ReadmeFlow_PhonePageLinksTheGatewaysOwnSession_AndSeesWhatItSends()
    {
        await using var live = await LiveGateway.StartAsync();
        await live.WaitForStatusAsync("got qr code");
        var context = await browser.Browser.NewContextAsync();
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(new Uri(live.Host.RestUri, "/sandbox/phone/?token=" + GatewayHost.Token).ToString());

        var scan = phone.GetByRole(AriaRole.Button, new() { Name = "Scan QR code" });
        await Assertions.Expect(scan).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await scan.ClickAsync();
        await live.WaitForStatusAsync("authenticated");
        await live.Host.PostAsync("/sendMessage", new { phone = "17472822486", body = "Hello from the gateway" });
        await phone.Locator("#chat-list li", new() { HasText = "17472822486@c.us" }).ClickAsync(new() { Timeout = 30_000 });

        await Assertions.Expect(phone.Locator("#messages")).ToContainTextAsync("Hello from the gateway", new() { Timeout = 30_000 });
        await context.DisposeAsync();
    }

    [Fact]
    public async Task Phone_TypesThePairingCodeThePageAskedFor_AndLinks()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        await sandbox.WaitForStateAsync("UNPAIRED");
        var phone = await sandbox.Context.NewPageAsync();
        await phone.GotoAsync(new Uri(sandbox.Host.RestUri, "/sandbox/phone/?token=" + GatewayHost.Token).ToString());

        var code = await sandbox.EvalAsync<string>("() => WPP.conn.genLinkDeviceCodeForPhoneNumber('15550000001')");
        await phone.Locator("#link-code-input").FillAsync(code);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Link", Exact = true }).ClickAsync();
        await sandbox.WaitForStateAsync("CONNECTED");

        Assert.Matches("^[1-9A-Z]{8}$", code);
        await Assertions.Expect(phone.Locator("#status")).ToContainTextAsync("linked · online", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task Phone_WithoutToken_ShowsTheErrorAndCannotLink()
    {
        await using var sandbox = await SandboxPage.OpenAsync(browser);
        var phone = await sandbox.Context.NewPageAsync();
        await phone.GotoAsync(new Uri(sandbox.Host.RestUri, "/sandbox/phone/").ToString());

        await Assertions.Expect(phone.Locator("#error")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(phone.Locator("#error")).ToContainTextAsync("token");
        Assert.False((bool)(await sandbox.ApiGetAsync("/sandbox/api/state"))["linked"]!);
    }
}
