using System.Net;
using Microsoft.Playwright;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.Webhooks;

namespace WaGrpc.Server.Tests.Dashboard;

/// <summary>
/// The operator dashboard (/dashboard) in real Chromium: sign-in without the token in the
/// address, the session's QR code and linking, live events, the outbound queue, webhook dead
/// letters; and what it gets without the token (nothing).
/// </summary>
public sealed class DashboardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Contact = "17472822486";

    [Fact]
    public async Task Dashboard_OpenedWithTheTokenOnce_ShowsTheQrLinksAndFollowsEventsAndTheQueue()
    {
        await using var live = await LiveGateway.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await live.Host.SetWebhookAsync(receiver.Url);
        await using var dashboard = await DashboardPage.OpenAsync(browser, live.Host, "?token=" + GatewayHost.Token);

        // Signed in; the token left the address bar for sessionStorage.
        await dashboard.ExpectStatusAsync("got qr code");
        Assert.Equal(new Uri(live.Host.RestUri, "/dashboard").ToString(), dashboard.Page.Url);
        Assert.Equal(GatewayHost.Token, await dashboard.StoredTokenAsync());
        await dashboard.ExpectVisibleAsync(dashboard.Qr);

        // Sends wait in the queue while the session is not linked; the dashboard lists and clears them.
        await live.Host.PostAsync("/sendMessage", new { phone = Contact, body = "First in line" });
        await live.Host.PostAsync("/sendMessage", new { phone = Contact, body = "Second in line" });
        await dashboard.ClickAsync("#queue-refresh");
        await dashboard.ExpectCountAsync(dashboard.QueueItems, 2);
        await Assertions.Expect(dashboard.Page.Locator("#queue-list")).ToContainTextAsync("Second in line");
        await dashboard.ClickAsync("#queue-clear");
        await dashboard.ExpectCountAsync(dashboard.QueueItems, 0);
        await Assertions.Expect(dashboard.Page.Locator("#queue-total")).ToHaveTextAsync("0 waiting");
        Assert.Equal(0, (int)(await live.GetAsync("/showMessagesQueue"))["totalMessages"]!);

        // The phone photographs the QR the dashboard shows and links it (a QR that turned over
        // in between is refused as stale: the dashboard shows the new one, photograph again).
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () =>
            {
                string text;
                try
                {
                    text = QrDecoder.Decode(await dashboard.PhotographQrAsync());
                }
                catch (InvalidOperationException)
                {
                    return false;
                }

                var (response, _) = await live.Host.PostAsync("/sandbox/api/link", new { qr = text });
                return response.IsSuccessStatusCode;
            },
            () => "the phone links the QR code the dashboard shows",
            LiveGateway.Patience);
        await dashboard.ExpectStatusAsync("authenticated");
        await Assertions.Expect(dashboard.Page.Locator("#qr-box")).ToBeHiddenAsync(new() { Timeout = DashboardPage.Patience });
        // The status change came over the event stream: the stream is live from here on.
        await dashboard.ExpectVisibleAsync(dashboard.Events("status", "authenticated"));

        // A contact writes (the phone API), another through the dashboard's phone card; the gateway answers.
        await live.Host.PostAsync("/sandbox/api/messages", new { from = Contact, body = "Is my order on its way?", senderName = "Ilya" });
        await dashboard.ExpectVisibleAsync(dashboard.Events("received", "Is my order on its way?"));
        await dashboard.Page.Locator("#sandbox-from").FillAsync("79680561234");
        await dashboard.Page.Locator("#sandbox-body").FillAsync("Hello from the other contact");
        await dashboard.ClickAsync("#sandbox-message button");
        await dashboard.ExpectVisibleAsync(dashboard.Events("received", "Hello from the other contact"));
        await live.Host.PostAsync("/sendMessage", new { phone = Contact, body = "Yes: it arrives tomorrow" });
        await dashboard.ExpectVisibleAsync(dashboard.Events("sent", "Yes: it arrives tomorrow"));
        await dashboard.ExpectVisibleAsync(dashboard.Events("ack", "viewed").First);
        // The lists follow: the sent entry left the queue, the webhook delivered everything.
        await dashboard.ExpectCountAsync(dashboard.QueueItems, 0);
        await Assertions.Expect(dashboard.Page.Locator("#webhook-attempts")).ToContainTextAsync("delivered", new() { Timeout = DashboardPage.Patience });
        await Assertions.Expect(dashboard.Page.Locator("#webhook-summary")).ToContainTextAsync("0 waiting", new() { Timeout = DashboardPage.Patience });
        await Assertions.Expect(dashboard.Page.Locator("#sandbox-state")).ToContainTextAsync("linked", new() { Timeout = DashboardPage.Patience });

        if (Environment.GetEnvironmentVariable("WAGRPC_SCREENSHOT") == "1")
        {
            await dashboard.Page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot(), "docs", "dashboard.png"), FullPage = true });
        }

        // After the one address with ?token=, the page never put the token in a URL.
        Assert.All(dashboard.Requests.Skip(1), url => Assert.DoesNotContain(GatewayHost.Token, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_WithoutSignIn_ShowsOnlyTheLoginForm_AndTheApiRefusesItsCallsWithoutTheToken()
    {
        await using var host = await GatewayHost.StartAsync();

        // The page and its files are served without the token, with headers that keep it to itself.
        var page = await host.Rest.GetAsync("/dashboard");
        var script = await host.Rest.GetAsync("/dashboard/js/main.js");
        await using var dashboard = await DashboardPage.OpenAsync(browser, host);
        await dashboard.ExpectVisibleAsync(dashboard.Page.Locator("#login-form"));
        var statuses = await dashboard.Page.EvaluateAsync<int[]>(
            "paths => Promise.all(paths.map(p => fetch(p).then(r => r.status)))",
            new[] { "/status", "/qr_code", "/events", "/showMessagesQueue", "/webhookStatus", "/webhookDeadLetters", "/sandbox/api/state" });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", string.Join(",", page.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", string.Join(",", page.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.All(statuses, status => Assert.Equal(401, status));
        await Assertions.Expect(dashboard.Page.Locator("#dashboard")).ToBeHiddenAsync();
        Assert.Equal("", await dashboard.StoredTokenAsync());
    }

    [Fact]
    public async Task Dashboard_SignInForm_RefusesAWrongToken_KeepsTheRightOneForTheTabOnly()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var dashboard = await DashboardPage.OpenAsync(browser, host);

        await dashboard.Page.Locator("#login-token").FillAsync("not-the-token");
        await dashboard.ClickAsync("#login-form button");
        await Assertions.Expect(dashboard.Page.Locator("#login-error")).ToHaveTextAsync("Wrong token.", new() { Timeout = DashboardPage.Patience });
        var storedAfterWrong = await dashboard.StoredTokenAsync();
        await dashboard.Page.Locator("#login-token").FillAsync(GatewayHost.Token);
        await dashboard.ClickAsync("#login-form button");
        await dashboard.ExpectStatusAsync("loading");
        await dashboard.Page.ReloadAsync();
        await dashboard.ExpectStatusAsync("loading");
        // Not in sandbox mode: the phone card stays away once the page asked.
        await Assertions.Expect(dashboard.Page.Locator("#sandbox")).ToHaveAttributeAsync("data-available", "false", new() { Timeout = DashboardPage.Patience });
        await dashboard.ClickAsync("#sign-out");
        await dashboard.ExpectVisibleAsync(dashboard.Page.Locator("#login-form"));

        Assert.Equal("", storedAfterWrong);
        Assert.Equal(new Uri(host.RestUri, "/dashboard").ToString(), dashboard.Page.Url);
        Assert.Equal("", await dashboard.StoredTokenAsync());
        Assert.True(await dashboard.Page.Locator("#sandbox").IsHiddenAsync());
        Assert.All(dashboard.Requests, url => Assert.DoesNotContain(GatewayHost.Token, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_ShowsAWebhookDeadLetter_AndReplaysIt()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        await using var receiver = await WebhookReceiver.StartAsync();
        var refusing = 1;
        receiver.StatusFor = _ => Volatile.Read(ref refusing) == 1 ? 400 : 200;
        await host.SetWebhookAsync(receiver.Url);
        await using var dashboard = await DashboardPage.OpenAsync(browser, host, "?token=" + GatewayHost.Token);
        await dashboard.ExpectStatusAsync("authenticated");
        await Assertions.Expect(dashboard.Page.Locator("#stream-state")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = DashboardPage.Patience });

        await host.Engine.EmitAsync(new MessageFact(new WaMessage
        {
            Id = $"false_{Contact}@c.us_3A0000000000000000D1",
            ChatId = $"{Contact}@c.us",
            Body = "Where is my parcel?",
            SenderName = "Ilya",
            Author = $"{Contact}@c.us",
            Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        }));
        await dashboard.ExpectVisibleAsync(dashboard.Events("received", "Where is my parcel?"));
        await dashboard.ExpectCountAsync(dashboard.DeadLetters, 1);
        await Assertions.Expect(dashboard.DeadLetters).ToContainTextAsync("HTTP 400");
        Volatile.Write(ref refusing, 0);
        await dashboard.ClickAsync("#dead-list button");
        await dashboard.ExpectCountAsync(dashboard.DeadLetters, 0);
        await Assertions.Expect(dashboard.Page.Locator("#webhook-attempts li").First).ToContainTextAsync("delivered", new() { Timeout = DashboardPage.Patience });

        Assert.Contains(receiver.Accepted, r => r.Json["messages"] is not null && r.Ids().Contains($"false_{Contact}@c.us_3A0000000000000000D1"));
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
