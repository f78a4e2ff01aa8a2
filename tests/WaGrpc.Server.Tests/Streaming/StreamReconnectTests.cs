using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Streaming;

/// <summary>A consumer that drops its stream again and again and resumes from its cursor while events flow (issue 10, item 7).</summary>
public sealed class StreamReconnectTests
{
    [Fact]
    public async Task HundredReconnects_WithTheCursor_WhileEventsFlow_NoGapNoDuplicate()
    {
        const int total = 4000;
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        var facts = Enumerable.Range(0, total).Select(i => Incoming($"FLOW{i:D6}", $"flow {i}")).ToArray();
        // The producer runs ahead by 40 batches and gets 3 more per reconnect (30 events, more than
        // one read takes), so events are committed during every reconnect and the reader never waits on it.
        using var permits = new SemaphoreSlim(40);
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < total; i += 10)
            {
                await permits.WaitAsync();
                await host.EmitAsync(facts[i..(i + 10)]);
            }
        });

        var received = new List<StreamEventsResponse>();
        var cursor = 0L;
        var random = new Random(10);
        for (var reconnect = 0; reconnect < 100; reconnect++)
        {
            using var stream = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = cursor });
            var batch = await stream.ReadAsync(random.Next(1, 30));
            received.AddRange(batch);
            cursor = batch[^1].Cursor;
            permits.Release(3);
        }

        Assert.False(producer.IsCompleted, "the producer ran out before the last reconnect");
        permits.Release(total);
        await producer.DefaultTimeout();
        using (var rest = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = cursor }))
        {
            received.AddRange(await rest.ReadUntilAsync(e => e.Message?.Id == facts[^1].Message.Id));
        }

        // Status events may sit among the messages; every cursor comes once and in order, and so does every message.
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received.Select(e => e.Cursor));
        Assert.Equal(facts.Select(f => f.Message.Id), received.Where(e => e.Message is not null).Select(e => e.Message.Id));
    }
}
