using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Core.Engine;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;
using WaGrpc.Testing;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Messaging;

/// <summary>
/// One writer per message (issue 10, item 5): the page reports our own sends back, and that echo
/// races the dispatcher's write of the same message. The queue writes it; the echo is recognised
/// by its id and dropped, so the log has one row, one message event (so one webhook), with what
/// the API accepted, whichever comes first.
/// </summary>
public sealed class OneWriterPerMessageTests
{
    private static readonly string TinyPng = "data:image/png;base64," + Convert.ToBase64String(
        Convert.FromHexString("89504E470D0A1A0A0000000D4948445200000001000000010806000000" + "1F15C4890000000D49444154789C6360000002000154A24F5D0000000049454E44AE426082"));

    [Theory]
    [InlineData(EchoTiming.BeforeReturn)]
    [InlineData(EchoTiming.Racing)]
    public async Task OwnSends_EchoedByThePage_AreWrittenOnce_AsTheQueueSentThem(EchoTiming echo)
    {
        await using var host = await GatewayHost.StartAsync();
        host.Engine.Echo = echo;
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((string)(await host.PostAsync("/sendMessage", new { phone = "17472822486", body = $"text {i}" })).Json!["id"]!);
        }

        var (_, file) = await host.PostAsync("/sendFile", new { phone = "17472822486", body = TinyPng, filename = "dot.png", caption = "a dot" });
        ids.Add((string)file!["id"]!);
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 0 && host.Engine.EchoesTaken == ids.Count, "all sent and all echoes taken");

        var database = host.Services.GetRequiredService<WaGrpcDatabase>();
        var rows = database.Read(() => database.Messages.FindAll().ToList());
        var events = database.Read(() => database.Events.Find(e => e.Kind == EventKind.Message).ToList());
        Assert.Equal(ids.Order(), rows.Select(r => r.WaId).Order());
        Assert.Equal(ids.Order(), events.Select(e => e.Message!.WaId).Order());
        Assert.All(rows, r => Assert.NotNull(r.QueueNumber));
        Assert.Equal("text 7", rows.Single(r => r.WaId == ids[7]).Body);
        // A sent file as the queue records it (the echo's body is empty): its kept media's id (the
        // download link is built when shown), the caption apart.
        var sentFile = rows.Single(r => r.WaId == ids[^1]);
        Assert.Equal(("image", "a dot"), (sentFile.Type, sentFile.Caption));
        Assert.Equal(("", MediaStore.IdFor(ids[^1])), (sentFile.Body, sentFile.MediaId));
    }

    [Fact]
    public async Task AnAckBeforeTheQueuesWrite_IsKeptAndGivenToTheRow()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Engine.Echo = EchoTiming.None;
        host.Engine.DuringSend = m => host.EmitAsync(new AckFact(WaGrpc.Core.Messaging.MessageIds.Outgoing(m.ChatId, m.KeyId), m.ChatId, AckLevel.Delivered));
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);

        var id = (string)(await host.PostAsync("/sendMessage", new { phone = "17472822486", body = "fast receipt" })).Json!["id"]!;
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 0, "sent");
        await host.EmitAsync(new AckFact(id, "17472822486@c.us", AckLevel.Delivered));

        var database = host.Services.GetRequiredService<WaGrpcDatabase>();
        var row = database.Read(() => database.Messages.FindOne(m => m.WaId == id));
        var acks = database.Read(() => database.Events.Find(e => e.Kind == EventKind.Ack).ToList());
        Assert.Equal(2, row.Ack);
        Assert.Equal("delivered", Assert.Single(acks).Ack!.Status);
    }
}
