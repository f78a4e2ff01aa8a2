using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Browser;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Tests.Infrastructure;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>
/// Three WhatsApp numbers in one gateway, each a real Chromium session on the stand-in, each
/// linked through its own sandbox phone and driven with its own token: they send and receive
/// apart, one's browser crash or deletion stops no other, and a restart brings them all back linked.
/// </summary>
[Collection(TimedAlone.Name)]
public sealed class InstancesSandboxTests
{
    private const string Contact = "17472822486";

    [Fact]
    public async Task ThreeInstances_LinkSendAndReceiveApart_SurviveACrashADeleteAndARestart()
    {
        var settings = AdminClient.Settings(
            ("WaGrpc:Sandbox", "true"),
            ("WaGrpc:Browser:ExecutablePath", BrowserFixture.ExecutablePath),
            ("WaGrpc:Browser:RestartDelay", "00:00:00.200"),
            ("WaGrpc:Browser:ReadyTimeout", "00:00:30"));
        foreach (var (key, value) in LiveGateway.FixedRestPort())
        {
            settings[key] = value;
        }

        await using var host = await GatewayHost.StartAsync(settings, AccountStatus.Loading, browserEngine: true);
        var admin = new AdminClient(host);
        using var first = new InstanceClient(host, "1", GatewayHost.Token);
        using var alpha = await admin.CreateOkAsync("alpha");
        using var beta = await admin.CreateOkAsync("beta");
        InstanceClient[] all = [first, alpha, beta];

        await Task.WhenAll(all.Select(LinkAsync));
        await Task.WhenAll(all.Select(SendAndReceiveAsync));

        // One browser dies: the others go on sending while it comes back, then it sends too.
        var alphaEngine = (PlaywrightEngine)host.ServicesOf(alpha.Id).GetRequiredService<IWhatsAppEngine>();
        using (var chromium = Process.GetProcessById(alphaEngine.BrowserProcessId ?? throw new InvalidOperationException("alpha has no browser")))
        {
            chromium.Kill(entireProcessTree: true);
        }

        await alpha.PostOkAsync("/sendMessage", new { phone = Contact, body = "alpha after its crash" });
        await Task.WhenAll(SendAsync(first, "first while alpha is down"), SendAsync(beta, "beta while alpha is down"));
        await WaitDeliveredAsync(alpha, "alpha after its crash");

        // One is deleted: the rest work.
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync(beta.Id)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await beta.GetAsync("/status")).Response.StatusCode);
        await Task.WhenAll(SendAsync(first, "first after beta's end"), SendAsync(alpha, "alpha after beta's end"));

        // A restart brings every instance back, linked, from what is stored.
        await host.RestartAsync();
        await Task.WhenAll(WaitForStatusAsync(first, "authenticated"), WaitForStatusAsync(alpha, "authenticated"));
        Assert.Equal(["1", "alpha"], (await admin.ListOkAsync()).Keys);
        await Task.WhenAll(SendAsync(first, "first after the restart"), SendAsync(alpha, "alpha after the restart"));
    }

    private static async Task LinkAsync(InstanceClient instance)
    {
        var quick = await instance.Host.Rest.PutAsync(instance.Url("/sandbox/api/settings"),
            System.Net.Http.Json.JsonContent.Create(new { autoDeliverMs = 50, autoReadMs = 100 }));
        quick.EnsureSuccessStatusCode();
        await WaitForStatusAsync(instance, "got qr code");
        var png = await instance.Host.Rest.GetByteArrayAsync(instance.Url("/qr_code"));
        var qr = QrDecoder.Decode(png);
        Assert.NotEqual("", qr);
        await instance.PostOkAsync("/sandbox/api/link", new { qr });
        await WaitForStatusAsync(instance, "authenticated");
    }

    private static async Task SendAndReceiveAsync(InstanceClient instance)
    {
        await SendAsync(instance, $"hello from {Label(instance)}");
        await instance.PostOkAsync("/sandbox/api/messages", new { from = Contact, body = $"hello to {Label(instance)}" });
        JsonArray messages = [];
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (messages = (JsonArray)(await instance.GetOkAsync("/messages"))["messages"]!).Any(m => (string?)m!["body"] == $"hello to {Label(instance)}"),
            () => $"{instance.Id} received its message (has {messages.ToJsonString()})", LiveGateway.Patience);
        Assert.All(messages, m => Assert.EndsWith(Label(instance), (string)m!["body"]!, StringComparison.Ordinal));
    }

    /// <summary>Sends through the instance and waits until its own network delivered it (and no other instance's text is there).</summary>
    private static async Task SendAsync(InstanceClient instance, string body)
    {
        var sent = await instance.PostOkAsync("/sendMessage", new { phone = Contact, body });
        Assert.True((bool)sent["sent"]!, sent.ToJsonString());
        await WaitDeliveredAsync(instance, body);
    }

    private static async Task WaitDeliveredAsync(InstanceClient instance, string body)
    {
        JsonArray delivered = [];
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (delivered = (JsonArray)(await instance.GetOkAsync("/sandbox/api/messages"))["messages"]!).Any(m => (string?)m!["body"] == body),
            () => $"{instance.Id} delivered '{body}' (has {delivered.ToJsonString()})", LiveGateway.Patience);
        Assert.All(delivered, m => Assert.Contains(Label(instance), (string)m!["body"]!, StringComparison.Ordinal));
    }

    /// <summary>The word every text of an instance carries: its id, "first" for the default one.</summary>
    private static string Label(InstanceClient instance) => instance.Id == "1" ? "first" : instance.Id;

    private static async Task WaitForStatusAsync(InstanceClient instance, string status)
    {
        var last = "";
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (last = (string)(await instance.GetOkAsync("/status"))["accountStatus"]!) == status,
            () => $"{instance.Id}: status '{status}' (last '{last}')", LiveGateway.Patience);
    }
}
