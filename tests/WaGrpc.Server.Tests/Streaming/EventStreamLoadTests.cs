using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Streaming;

/// <summary>The seam between replay and live delivery under concurrent writes, and slow subscribers.</summary>
public sealed class EventStreamLoadTests
{
    [Fact]
    public async Task StreamEvents_SubscribersJoinWhileProducing_ReceiveContiguousCursorsWithoutDuplicates()
    {
        const int batches = 40;
        const int perBatch = 50;
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        var facts = Enumerable.Range(0, batches * perBatch).Select(i => Incoming($"SEAM{i:D5}", $"seam {i}")).ToArray();
        var lastId = facts[^1].Message.Id;
        int[] joinAfterBatch = [3, 12, 25];
        var joinSignals = joinAfterBatch.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

        var producer = Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                await host.EmitAsync(facts.AsSpan(b * perBatch, perBatch).ToArray());
                for (var j = 0; j < joinAfterBatch.Length; j++)
                {
                    if (b == joinAfterBatch[j])
                    {
                        joinSignals[j].TrySetResult();
                    }
                }
            }
        });

        var subscribers = joinSignals.Select(signal => Task.Run(async () =>
        {
            await signal.Task.DefaultTimeout();
            using var stream = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0 });
            return await stream.ReadUntilAsync(e => e.Message?.Id == lastId);
        })).ToArray();

        await producer.DefaultTimeout();
        var results = await Task.WhenAll(subscribers).DefaultTimeout();

        var expectedIds = facts.Select(f => f.Message.Id).ToList();
        foreach (var received in results)
        {
            AssertContiguous(received, 1);
            Assert.Equal(expectedIds, received.Where(e => e.Message is not null).Select(e => e.Message.Id).ToList());
        }
    }

    [Fact]
    public async Task StreamEvents_SlowSubscriber_DoesNotBlockProducerOrOthersAndCatchesUpFromStore()
    {
        const int batches = 30;
        const int perBatch = 100;
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        await host.EmitAsync(Incoming("WARMUP"));
        var body = new string('x', 1000);
        var facts = Enumerable.Range(0, batches * perBatch).Select(i => Incoming($"SLOW{i:D5}", $"{i:D5} {body}")).ToArray();
        var lastId = facts[^1].Message.Id;
        var expectedIds = facts.Select(f => f.Message.Id).Prepend($"false_{ChatId}_WARMUP").ToList();

        // Two independent clients, each on its own connection.
        using var slowChannel = host.NewAuthenticatedChannel();
        using var fastChannel = host.NewAuthenticatedChannel();
        using var slow = EventStream.Open(new EventsService.EventsServiceClient(slowChannel), new StreamEventsRequest { AfterCursor = 0 });
        using var fast = EventStream.Open(new EventsService.EventsServiceClient(fastChannel), new StreamEventsRequest { AfterCursor = 0 });
        // Both are subscribed once they sent the stored warm-up event (headers come with it).
        await slow.HeadersAsync();
        var fastFirst = await fast.NextAsync();
        Assert.Equal(1, fastFirst.Cursor);
        var fastRest = Task.Run(() => fast.ReadUntilAsync(e => e.Message?.Id == lastId));

        // The producer is never blocked by the subscriber that does not read (~3 MB of events).
        for (var b = 0; b < batches; b++)
        {
            await host.EmitAsync(facts.AsSpan(b * perBatch, perBatch).ToArray());
        }

        var fastEvents = (await fastRest.DefaultTimeout()).Prepend(fastFirst).ToList();
        AssertContiguous(fastEvents, 1);
        Assert.Equal(expectedIds, fastEvents.Select(e => e.Message?.Id));

        // The slow one reads at last: every cursor, in order, once (caught up from the store).
        var slowEvents = await slow.ReadUntilAsync(e => e.Message?.Id == lastId);
        AssertContiguous(slowEvents, 1);
        Assert.Equal(expectedIds, slowEvents.Select(e => e.Message?.Id));
        Assert.Equal(body.Length + 6, slowEvents[^1].Message.Body.Length);

        // Both stay live afterwards.
        await host.EmitAsync(Incoming("AFTER00001"));
        Assert.Equal(slowEvents[^1].Cursor + 1, (await slow.NextAsync()).Cursor);
        Assert.Equal(fastEvents[^1].Cursor + 1, (await fast.NextAsync()).Cursor);
    }
}
