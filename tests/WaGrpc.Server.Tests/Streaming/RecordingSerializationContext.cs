using System.Buffers;
using Grpc.Core;

namespace WaGrpc.Server.Tests.Streaming;

/// <summary>A serialization context as gRPC's transport gives a marshaller, keeping the message's bytes.</summary>
public sealed class RecordingSerializationContext : SerializationContext
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private byte[]? _payload;

    /// <summary>The bytes the marshaller completed with.</summary>
    public byte[] Payload => _payload ?? throw new InvalidOperationException("The marshaller did not complete.");

    /// <summary>Serializes <paramref name="message"/> with <paramref name="marshaller"/> and answers its bytes.</summary>
    public static byte[] Serialize<T>(Marshaller<T> marshaller, T message)
    {
        var context = new RecordingSerializationContext();
        marshaller.ContextualSerializer(message, context);
        return context.Payload;
    }

    public override void Complete(byte[] payload) => _payload = payload;

    public override IBufferWriter<byte> GetBufferWriter() => _buffer;

    public override void SetPayloadLength(int payloadLength)
    {
    }

    public override void Complete() => _payload = _buffer.WrittenSpan.ToArray();
}
