using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Browser;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.Webhooks;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>GET/POST /settings: the exact shape, one store with /webhook and /settings/ackNotificationsOn, what each switch does here.</summary>
public sealed class SettingsObjectRestTests
{
    private static readonly string[] Fields =
    [
        "webhookUrl", "ackNotificationsOn", "chatUpdateOn", "videoUploadOn", "proxy", "guaranteedHooks", "ignoreOldMessages",
        "processArchive", "instanceStatuses", "webhookStatuses", "statusNotificationsOn", "sendDelay",
    ];

    [Fact]
    public async Task Get_AnswersEveryFieldAsBooleansAndStrings_WithTheDefaults()
    {
        await using var host = await GatewayHost.StartAsync();

        var settings = await host.GetOkJsonAsync("/settings?instanceId=3");

        JsonAssert.HasExactKeys(settings, Fields);
        foreach (var field in Fields)
        {
            JsonAssert.Kind(settings, field, field switch
            {
                "webhookUrl" or "proxy" => JsonValueKind.String,
                "sendDelay" => JsonValueKind.Number,
                _ => settings[field]!.GetValue<bool>() ? JsonValueKind.True : JsonValueKind.False,
            });
        }

        Assert.Equal(
            """{"webhookUrl":"","ackNotificationsOn":true,"chatUpdateOn":false,"videoUploadOn":true,"proxy":"","guaranteedHooks":true,"ignoreOldMessages":false,"processArchive":true,"instanceStatuses":true,"webhookStatuses":true,"statusNotificationsOn":false,"sendDelay":0}""",
            settings.ToJsonString());
    }

    [Fact]
    public async Task Post_ChangesASubset_AnswersAllFieldsAndWhatChanged_SharedWithTheOlderCalls()
    {
        await using var host = await GatewayHost.StartAsync();

        var (status, answer) = await host.PostAsync("/settings", new { webhookUrl = "https://example.com/hook", ackNotificationsOn = false, chatUpdateOn = false, guaranteedHooks = false, proxy = "proxy.example.com:3128" });
        var webhook = await host.GetOkJsonAsync("/webhook");
        var acks = await host.GetOkJsonAsync("/settings/ackNotificationsOn");
        await host.PostAsync("/webhook", new { webhookUrl = "" });
        var (formStatus, form) = await host.PostFormAsync("/settings", ("ignoreOldMessages", "1"), ("statusNotificationsOn", "true"));

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        JsonAssert.HasExactKeys(answer, [.. Fields, "update"]);
        Assert.Equal("""{"webhookUrl":"https://example.com/hook","ackNotificationsOn":false,"proxy":"proxy.example.com:3128"}""", answer!["update"]!.ToJsonString());
        Assert.True((bool)answer["guaranteedHooks"]!);
        Assert.Equal("""{"set":true,"webhookUrl":"https://example.com/hook"}""", webhook.ToJsonString());
        Assert.Equal("""{"set":true,"ackNotificationsOn":false}""", acks.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, formStatus);
        Assert.Equal("", (string)form!["webhookUrl"]!);
        Assert.Equal("""{"ignoreOldMessages":true,"statusNotificationsOn":true}""", form["update"]!.ToJsonString());
        Assert.Equal("http://proxy.example.com:3128", host.Services.GetRequiredService<IEngineSettings>().Proxy!.Server);
    }

    [Theory]
    [InlineData("""{"webhookUrl": "ftp://example.com/hook", "chatUpdateOn": true}""", "webhookUrl")]
    [InlineData("""{"proxy": "nope://example.com:1", "chatUpdateOn": true}""", "proxy")]
    [InlineData("""{"proxy": "example.com", "chatUpdateOn": true}""", "proxy")]
    [InlineData("""{"proxy": "socks5://user:pw@example.com:1080", "chatUpdateOn": true}""", "proxy")]
    [InlineData("""{"ackNotificationsOn": "maybe", "chatUpdateOn": true}""", "")]
    [InlineData("""{"chatUpdateOn": [true]}""", "")]
    public async Task BadInput_Answers400_AndChangesNothing(string body, string field)
    {
        await using var host = await GatewayHost.StartAsync();
        var before = (await host.GetOkJsonAsync("/settings")).ToJsonString();

        var (status, json) = await host.PostRawAsync("/settings", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
        Assert.Equal(before, (await host.GetOkJsonAsync("/settings")).ToJsonString());
    }

    [Fact]
    public async Task Proxy_IsWhatTheBrowserIsLaunchedWith()
    {
        await using var host = await GatewayHost.StartAsync();
        var engineSettings = host.Services.GetRequiredService<IEngineSettings>();

        var direct = BrowserLaunch.OptionsFor(new BrowserOptions(), "/usr/bin/chromium", engineSettings.Proxy);
        await host.PostAsync("/settings", new { proxy = "http://alice:s%40cret@10.0.0.8:8080" });
        var proxied = BrowserLaunch.OptionsFor(new BrowserOptions(), "/usr/bin/chromium", engineSettings.Proxy);

        Assert.Null(direct.Proxy);
        Assert.Equal(("http://10.0.0.8:8080", "alice", "s@cret"), (proxied.Proxy!.Server, proxied.Proxy.Username, proxied.Proxy.Password));
    }

    [Fact]
    public async Task StatusNotifications_PostStatusChanges_InTheInstanceStatusesShape()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await GatewayHost.StartAsync(WebhookTestKit.Settings(), AccountStatus.Loading, browserEngine: false);
        await host.PostAsync("/settings", new { webhookUrl = receiver.Url, statusNotificationsOn = true });

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var post = await receiver.NextAsync();

        var body = JsonAssert.HasExactKeys(post.Json, "instanceStatuses", "instanceId");
        var item = JsonAssert.HasExactKeys(Assert.Single(body["instanceStatuses"]!.AsArray()), "date", "status");
        Assert.Equal("authenticated", (string)item["status"]!);
        JsonAssert.Kind(item, "date", JsonValueKind.Number);
    }

    [Fact]
    public async Task IgnoreOldMessages_KeepsSyncedHistoryFromTheWebhook_ButNotFromTheLog()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await GatewayHost.StartAsync(WebhookTestKit.Settings(), AccountStatus.Authenticated, browserEngine: false);
        await host.PostAsync("/settings", new { webhookUrl = receiver.Url, ignoreOldMessages = true });
        var old = new WaMessage { Id = "false_17472822486@c.us_3A00000000000000000001", ChatId = ChatId, Body = "from last week", Author = ChatId, Time = DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeSeconds() };
        var fresh = old with { Id = "false_17472822486@c.us_3A00000000000000000002", Body = "just now", Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds() };

        await host.Engine.EmitAsync(new MessageFact(old));
        await host.Engine.EmitAsync(new MessageFact(fresh));
        var post = await receiver.NextAsync();
        var logged = (await host.GetOkJsonAsync("/messages"))["messages"]!.AsArray();

        Assert.Equal([fresh.Id], post.Ids());
        Assert.Equal(2, logged.Count);
    }

    [Fact]
    public async Task InstanceStatusesOff_LeavesChangesOutOfTheHistory()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.PostAsync("/settings", new { instanceStatuses = 0 });
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@qr");
        await host.PostAsync("/settings", new { instanceStatuses = 1 });
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);

        var history = (await host.GetOkJsonAsync("/instanceStatuses"))["data"]!.AsArray();

        Assert.Equal(["loading", "authenticated"], history.Select(d => (string)d!["status"]!).ToArray());
    }
}
