using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing.Webhooks;
using static WaGrpc.Testing.Webhooks.WebhookTestKit;

namespace WaGrpc.Storage.Tests;

/// <summary>The outbox rows live and die with their event rows: one transaction.</summary>
public sealed class WebhookOutboxTests
{
    [Fact]
    public async Task WebhookOutbox_WriteFailsAfterRecordingFacts_NeitherEventNorOutboxRowIsKept()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(Settings(), time: clock);
        await host.SetWebhookAsync(receiver.Url);
        await receiver.StopAsync();
        var writer = host.Services.GetRequiredService<StoreWriter>();
        var db = host.Services.GetRequiredService<WaGrpcDatabase>();
        var fact = GrpcTestKit.Incoming("CRASHED00001");

        var crash = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync<int>(d =>
        {
            EventLog.RecordFacts(d, [fact], clock.GetUtcNow().ToUnixTimeMilliseconds());
            Assert.Equal(1, d.WebhookOutbox.Count()); // written, inside the transaction
            throw new InvalidOperationException("crash before the commit");
        }).DefaultTimeout());
        var eventsAfterCrash = db.Events.Count(x => x.Kind == EventKind.Message);
        var outboxAfterCrash = db.WebhookOutbox.Count();
        await host.EmitAsync(fact);

        Assert.Equal("crash before the commit", crash.Message);
        Assert.Equal(0, eventsAfterCrash);
        Assert.Equal(0, outboxAfterCrash);
        Assert.Equal(1, db.Events.Count(x => x.Kind == EventKind.Message));
        Assert.Equal(1, db.WebhookOutbox.Count());
        Assert.Equal(db.Events.Find(x => x.Kind == EventKind.Message).Single().Cursor, db.WebhookOutbox.FindAll().Single().Cursor);
    }
}
