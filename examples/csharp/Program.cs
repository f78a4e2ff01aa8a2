using Grpc.Core;
using Grpc.Net.Client;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Examples.Client;

// Sends one text message through WaGrpc, then follows the event stream until that message shows
// up in it. Configured by environment variables (README.md). Exit codes: 0 seen, 1 the gateway
// refused a call, 2 bad configuration, 3 not seen within the limits.
if (ClientSettings.Read() is not { } settings)
{
    return 2;
}

using var channel = GrpcChannel.ForAddress(settings.Address);
var headers = new Metadata { { "authorization", $"Bearer {settings.Token}" } };
try
{
    var messaging = new MessagingService.MessagingServiceClient(channel);
    var sent = await messaging.SendMessageAsync(new SendMessageRequest { Phone = settings.Phone, Body = settings.Text }, headers);
    Console.WriteLine($"queued: {sent.Id} (queue number {sent.QueueNumber})");

    var watcher = new EventWatcher(new EventsService.EventsServiceClient(channel), headers, settings);
    return await watcher.WaitForAsync(sent.Id) ? 0 : 3;
}
catch (RpcException ex)
{
    await Console.Error.WriteLineAsync(RpcErrors.Describe(ex, settings));
    return 1;
}
