using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Core;
using WaGrpc.Contracts.Events.V1;

namespace WaGrpc.Server.Events;

/// <summary>
/// Binds the events service as the generated <c>EventsService.BindService</c> does (same
/// service, method and request parser), with the stream's items written by
/// <see cref="StreamEventsWire.Marshaller"/>. gRPC, its JSON transcoding and reflection find this
/// binding through the attribute on <see cref="EventsStreamServiceBase"/>, and the contract
/// through <see cref="Descriptor"/>.
/// </summary>
public static class EventsServiceBinding
{
    private static readonly Method<StreamEventsRequest, StreamEventsResponse> StreamEvents = new(
        MethodType.ServerStreaming,
        EventsService.Descriptor.FullName,
        nameof(EventsStreamServiceBase.StreamEvents),
        Marshallers.Create<StreamEventsRequest>(
            (request, context) => context.Complete(Google.Protobuf.MessageExtensions.ToByteArray(request)),
            context => StreamEventsRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence())),
        StreamEventsWire.Marshaller);

    /// <summary>The contract's service, as the generated class gives it.</summary>
    public static ServiceDescriptor Descriptor => EventsService.Descriptor;

    /// <summary>Adds the service's methods to <paramref name="binder"/> (the service is null when only its methods are wanted).</summary>
    public static void BindService(ServiceBinderBase binder, EventsStreamServiceBase? service) =>
        binder.AddMethod(StreamEvents, service is null ? null : new ServerStreamingServerMethod<StreamEventsRequest, StreamEventsResponse>(service.StreamEvents));
}
