using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;
using WaGrpc.Contracts.Events.V1;

namespace WaGrpc.Server.Events;

/// <summary>
/// The wire form of stream items. An item <see cref="Prepare"/>d once (a live event, which every
/// subscriber gets) goes out as the bytes made then: a hundred subscribers cost one serialization,
/// not a hundred. Any other item is serialized as the generated marshaller does.
/// </summary>
/// <remarks>
/// The bytes are those that serializing the item gives, so clients see no difference. A prepared
/// item must not change afterwards; the stream never changes an item it has made.
/// </remarks>
public static class StreamEventsWire
{
    private static readonly ConditionalWeakTable<StreamEventsResponse, byte[]> Prepared = new();

    /// <summary>The marshaller of the stream's items (reading them is the generated parser's).</summary>
    public static Marshaller<StreamEventsResponse> Marshaller { get; } =
        Marshallers.Create<StreamEventsResponse>(Serialize, context => StreamEventsResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    /// <summary>Serializes <paramref name="item"/> now; every later write of it copies these bytes.</summary>
    public static StreamEventsResponse Prepare(StreamEventsResponse item)
    {
        Prepared.AddOrUpdate(item, item.ToByteArray());
        return item;
    }

    /// <summary>Whether <paramref name="item"/> goes out as bytes made once.</summary>
    public static bool IsPrepared(StreamEventsResponse item) => Prepared.TryGetValue(item, out _);

    private static void Serialize(StreamEventsResponse item, SerializationContext context)
    {
        if (Prepared.TryGetValue(item, out var bytes))
        {
            context.Complete(bytes);
            return;
        }

        context.SetPayloadLength(item.CalculateSize());
        item.WriteTo(context.GetBufferWriter());
        context.Complete();
    }
}
