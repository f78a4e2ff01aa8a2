using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Events;
using WaGrpc.Storage;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Streaming;

/// <summary>
/// A live event is made into a stream item and serialized once for all subscribers: what they
/// receive is byte for byte what the store's replay of the same event (serialized per stream) gives.
/// </summary>
public sealed class SharedLiveItemsTests
{
    [Fact]
    public async Task LiveSubscribers_GetTheEvent_ByteForByte_AsTheReplayOfIt()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        var notifier = host.Services.GetRequiredService<EventNotifier>();
        using var first = EventStream.Open(host.Events(), new StreamEventsRequest());
        using var second = EventStream.Open(host.Events(), new StreamEventsRequest { Kinds = { EventKind.Message } });
        // A stream answers its headers once it is subscribed.
        await first.HeadersAsync();
        await second.HeadersAsync();
        var before = notifier.LastCursor;

        await host.EmitAsync(Incoming("SHARED01", "one for all"), Incoming("SHARED02", "and another"));

        var a = await first.ReadAsync(2);
        var b = await second.ReadAsync(2);
        using var replay = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = before });
        var stored = await replay.ReadAsync(2);
        Assert.Equal([$"false_{ChatId}_SHARED01", $"false_{ChatId}_SHARED02"], a.Select(e => e.Message?.Id));
        Assert.Equal(stored.Select(e => e.ToByteString()), a.Select(e => e.ToByteString()));
        Assert.Equal(stored.Select(e => e.ToByteString()), b.Select(e => e.ToByteString()));
        Assert.Equal("one for all", a[0].Message.Body);
    }

    [Fact]
    public async Task ItemFor_TheSameRow_IsOneItem_SerializedOnce()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Init);
        var items = host.Services.GetRequiredService<LiveEventItems>();
        var row = new Storage.Documents.EventDocument
        {
            Cursor = 7,
            Time = 1_700_000_000,
            Kind = Storage.Documents.EventKind.Ack,
            ChatId = ChatId,
            Ack = new Storage.Documents.AckRecord { MessageId = "true_x_ACK01", ChatId = ChatId, Status = "delivered" },
        };

        var item = items.ItemFor(row);

        Assert.Same(item, items.ItemFor(row));
        Assert.True(StreamEventsWire.IsPrepared(item));
        Assert.Equal("true_x_ACK01", item.Ack.Id);
        Assert.NotSame(item, items.ItemFor(new Storage.Documents.EventDocument { Cursor = 8, Kind = row.Kind, ChatId = ChatId, Ack = row.Ack }));
    }

    [Fact]
    public void Marshaller_WritesAPreparedItem_FromTheBytesMadeThen_AndAnyOtherAsItIs()
    {
        byte[] serialize(StreamEventsResponse item) => RecordingSerializationContext.Serialize(StreamEventsWire.Marshaller, item);
        var plain = new StreamEventsResponse { Cursor = 3, Ack = new Ack { Id = "true_x_A", ChatId = ChatId, Status = "sent" } };
        Assert.Equal(plain.ToByteArray(), serialize(plain));

        var prepared = StreamEventsWire.Prepare(new StreamEventsResponse { Cursor = 4, Ack = new Ack { Id = "true_x_B", ChatId = ChatId, Status = "sent" } });
        var made = prepared.ToByteArray();
        Assert.Equal(made, serialize(prepared));

        // Written again, it is not serialized again: the bytes are those of when it was prepared
        // (the stream never changes an item after that; this change only shows where the bytes come from).
        prepared.Cursor = 5;
        Assert.Equal(made, serialize(prepared));
        Assert.Equal(4, StreamEventsResponse.Parser.ParseFrom(serialize(prepared)).Cursor);
    }
}
