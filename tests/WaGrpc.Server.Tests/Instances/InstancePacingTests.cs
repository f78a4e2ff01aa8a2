using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaGrpc.Core.Engine;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing;
using WaGrpc.Storage;

namespace WaGrpc.Server.Tests.Instances;

/// <summary>Each instance paces its own sends: sendDelay in its settings object, else the configured pacing.</summary>
public sealed class InstancePacingTests
{
    [Fact]
    public async Task SendDelay_IsSetShownAndReset_ThroughTheSettingsObject()
    {
        await using var host = await GatewayHost.StartAsync();
        var (response, answer) = await host.PostAsync("/settings", new { sendDelay = 2.5 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2.5, (double)answer!["sendDelay"]!);
        Assert.Equal("""{"sendDelay":2.5}""", answer["update"]!.ToJsonString());
        Assert.Equal(2.5, (double)(await host.GetOkJsonAsync("/settings"))["sendDelay"]!);

        var (_, reset) = await host.PostAsync("/settings", new { sendDelay = -1 });
        Assert.Equal(0, (double)reset!["sendDelay"]!); // the configured WaGrpc:Outbound:SendDelay of the tests
    }

    [Theory]
    [InlineData("""{"sendDelay": -2}""")]
    [InlineData("""{"sendDelay": 3601}""")]
    [InlineData("""{"sendDelay": "soon"}""")]
    [InlineData("""{"sendDelay": [1]}""")]
    public async Task SendDelay_OutOfRangeOrNotANumber_Is400_AndChangesNothing(string body)
    {
        await using var host = await GatewayHost.StartAsync();
        var (response, json) = await host.PostJsonAsync("/settings", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sendDelay", (string)json!["error"]!, StringComparison.Ordinal);
        Assert.Equal(0, (double)(await host.GetOkJsonAsync("/settings"))["sendDelay"]!);
    }

    [Fact]
    public async Task APacedInstance_WaitsBetweenItsSends_WhileAnUnpacedOneSendsAll()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await GatewayHost.StartAsync(AdminClient.Settings(), AccountStatus.Authenticated, clock);
        var admin = new AdminClient(host);
        using var slow = await admin.CreateOkAsync("slow");
        using var quick = await admin.CreateOkAsync("quick");
        await slow.PostOkAsync("/settings", new { sendDelay = 60 });

        await slow.PostOkAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = "slow 1" });
        await slow.PostOkAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = "slow 2" });
        Assert.Equal("slow 1", (await host.Engines[slow.Id].NextSendAsync()).Body);
        for (var i = 1; i <= 5; i++)
        {
            await quick.PostOkAsync("/sendMessage", new { phone = GrpcTestKit.Phone, body = $"quick {i}" });
        }

        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal($"quick {i}", (await host.Engines[quick.Id].NextSendAsync()).Body);
        }

        // The fake clock has not moved: slow's second message still waits out its minute.
        var slowQueue = host.ServicesOf(slow.Id).GetRequiredService<OutboundQueue>();
        await TaskTimeoutExtensions.WaitUntilAsync(() => slowQueue.CountUnsent() == 1, "slow's first message recorded as sent");
        Assert.DoesNotContain(host.Engines[slow.Id].Sent, m => m.Body == "slow 2");
        var second = host.Engines[slow.Id].NextSendAsync();
        await TaskTimeoutExtensions.WaitUntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(61));
            return Task.FromResult(second.IsCompleted);
        }, () => "slow's second message after its pause");
        Assert.Equal("slow 2", (await second).Body);
    }
}
