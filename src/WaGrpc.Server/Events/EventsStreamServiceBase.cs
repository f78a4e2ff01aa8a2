using Grpc.Core;
using WaGrpc.Contracts.Events.V1;

namespace WaGrpc.Server.Events;

/// <summary>
/// The events service's base in place of the generated <c>EventsService.EventsServiceBase</c>: the
/// same method, bound by <see cref="EventsServiceBinding"/> (gRPC binds the methods that override
/// those of the type its bind method takes).
/// </summary>
[BindServiceMethod(typeof(EventsServiceBinding), nameof(EventsServiceBinding.BindService))]
public abstract class EventsStreamServiceBase
{
    /// <summary>The events after a cursor, then live ones, as the contract's <c>StreamEvents</c>.</summary>
    public abstract Task StreamEvents(StreamEventsRequest request, IServerStreamWriter<StreamEventsResponse> responseStream, ServerCallContext context);
}
