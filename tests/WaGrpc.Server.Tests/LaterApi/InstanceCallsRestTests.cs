using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.Webhooks;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>
/// The later API's instance and testing calls over REST: /instanceStatuses, /takeover, /retry,
/// /expiry, /checkPhone and /webhookStatus?msgId=, with their exact answers.
/// </summary>
public sealed class InstanceCallsRestTests
{
    [Fact]
    public async Task InstanceStatuses_ListTheStatusHistory_OldestFirst_AndFilterByTime()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@qr");
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);

        var all = await host.GetOkJsonAsync("/instanceStatuses?instanceId=1");
        var none = await host.GetOkJsonAsync("/instanceStatuses?max_time=1000");
        var future = await host.GetOkJsonAsync($"/instanceStatuses?min_time={DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600}");

        var data = JsonAssert.HasExactKeys(all, "data")["data"]!.AsArray();
        Assert.Equal(["loading", "got qr code", "authenticated"], data.Select(d => (string)d!["status"]!).ToArray());
        foreach (var item in data)
        {
            JsonAssert.HasExactKeys(item, "date", "status");
            JsonAssert.Kind(item, "date", JsonValueKind.Number);
            Assert.InRange((long)item!["date"]!, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        }

        Assert.Empty(none["data"]!.AsArray());
        Assert.Empty(future["data"]!.AsArray());
    }

    [Theory]
    [InlineData("/instanceStatuses?min_time=-1", "min_time")]
    [InlineData("/instanceStatuses?min_time=20&max_time=10", "min_time")]
    [InlineData("/checkPhone", "phone")]
    [InlineData("/checkPhone?phone=%2B17472822486", "phone")]
    [InlineData("/webhookStatus?msgId=nope", "msgId")]
    [InlineData("/webhookStatus/message", "msgId")]
    public async Task BadQuery_Answers400NamingTheField(string path, string field)
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (response, json) = await host.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Takeover_OnlyInAConflict_Retry_Reconnects_Expiry_IsNeverNeededHere()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var (_, calm) = await host.PostAsync("/takeover", new { });
        await host.Engine.Events.StatusChangedAsync(new EngineStatus(AccountStatus.Loading, Details: new StatusDetails("opening", "WhatsApp is open elsewhere", Reason: "conflict")), CancellationToken.None);
        var (_, conflict) = await host.PostAsync("/takeover", new { });
        var (_, retry) = await host.PostAsync("/retry", new { });
        var (_, expiry) = await host.PostAsync("/expiry", new { });

        Assert.Equal("""{"accountStatus":"Takeover request not sent because reason don't equals \"conflict\""}""", calm!.ToJsonString(Unescaped));
        Assert.Equal("""{"accountStatus":"Takeover request sent to WhatsApp"}""", conflict!.ToJsonString());
        Assert.Equal(1, host.Engine.TakeoverCalls);
        Assert.Equal("""{"accountStatus":"Retry request sent to WhatsApp"}""", retry!.ToJsonString());
        Assert.Equal(1, host.Engine.RebootCalls);
        Assert.Equal("""{"accountStatus":"Expiry request not sent because substatus don't equals \"expired\""}""", expiry!.ToJsonString(Unescaped));
    }

    [Fact]
    public async Task CheckPhone_AnswersExistsOrNotExists_OnlyWhenAuthenticated()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Engine.UnknownChats["79990001122@c.us"] = true;

        var (loggedOut, refusal) = await host.GetJsonAsync("/checkPhone?phone=17472822486");
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var exists = await host.GetOkJsonAsync("/checkPhone?phone=17472822486&instanceId=1");
        var missing = await host.GetOkJsonAsync("/checkPhone?phone=79990001122");

        Assert.True((int)loggedOut.StatusCode is >= 400 and < 500);
        Assert.Contains("authenticated", JsonAssert.IsLegacyError(refusal), StringComparison.Ordinal);
        Assert.Equal("""{"result":"exists"}""", exists.ToJsonString());
        Assert.Equal("""{"result":"not exists"}""", missing.ToJsonString());
    }

    [Fact]
    public async Task WebhookStatus_ForAMessage_IsNotSentQueuedThenSent()
    {
        // Retries wait on the gateway's fake clock, moved by the test.
        var clock = WebhookTestKit.NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(WebhookTestKit.Settings(), AccountStatus.Authenticated, browserEngine: false, time: clock);
        receiver.StatusFor = _ => 503;
        await Testing.GrpcApi.GrpcTestKit.EmitAsync(host, Testing.GrpcApi.GrpcTestKit.Incoming("3A00000000000000000001", "before the webhook"));
        await host.SetWebhookAsync(receiver.Url);
        await Testing.GrpcApi.GrpcTestKit.EmitAsync(host, Testing.GrpcApi.GrpcTestKit.Incoming("3A00000000000000000002", "while it fails"));
        const string before = "false_17472822486@c.us_3A00000000000000000001";
        const string after = "false_17472822486@c.us_3A00000000000000000002";
        await receiver.NextAsync();

        var notSent = await host.GetOkJsonAsync("/webhookStatus?msgId=" + before);
        var queued = await host.GetOkJsonAsync("/webhookStatus?msgId=" + after);
        receiver.StatusFor = _ => 200;
        JsonNode? sent = null;
        await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(1), async () => (string)(sent = await host.GetOkJsonAsync("/webhookStatus?msgId=" + after))["status"]! == "sent", "the webhook posted");
        var unknown = await host.GetOkJsonAsync("/webhookStatus?msgId=false_17472822486@c.us_3A0000000000000000FFFF");
        var overall = await host.GetOkJsonAsync("/webhookStatus");

        JsonAssert.HasExactKeys(queued, "msgId", "time", "status");
        JsonAssert.Kind(queued, "time", JsonValueKind.Number);
        Assert.Equal((before, "not sent"), ((string)notSent["msgId"]!, (string)notSent["status"]!));
        Assert.Equal((after, "queued"), ((string)queued["msgId"]!, (string)queued["status"]!));
        Assert.Equal("sent", (string)sent!["status"]!);
        Assert.True((long)sent["time"]! > 0);
        Assert.Equal(("not sent", 0L), ((string)unknown["status"]!, (long)unknown["time"]!));
        JsonAssert.Kind(overall, "backlog", JsonValueKind.Number);
    }

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
