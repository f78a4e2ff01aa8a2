using Grpc.Core;
using Grpc.Net.Client;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Examples.Client;

// Sends one text message through WaGrpc, follows the event stream until that message shows up,
// closes the stream and reopens it from the last cursor it saw. With WAGRPC_SANDBOX=1 it first
// links a sandbox gateway through the phone API, and while the stream is closed a contact answers,
// which the resumed stream must bring. Configured by environment variables (README.md). Exit codes:
// 0 done, 1 the gateway refused a call, 2 bad configuration, 3 not seen within the limits.
if (ClientSettings.Read() is not { } settings)
{
    return 2;
}

using var channel = GrpcChannel.ForAddress(settings.Address);
using var phone = settings.Sandbox ? new SandboxPhone(settings) : null;
var headers = new Metadata { { "authorization", $"Bearer {settings.Token}" } };
try
{
    if (phone is not null && !await phone.EnsureLinkedAsync())
    {
        return 3;
    }

    var messaging = new MessagingService.MessagingServiceClient(channel);
    var sent = await messaging.SendMessageAsync(new SendMessageRequest { Phone = settings.Phone, Body = settings.Text }, headers);
    Console.WriteLine($"queued: {sent.Id} (queue number {sent.QueueNumber})");

    var watcher = new EventWatcher(new EventsService.EventsServiceClient(channel), headers, settings);
    if (!await watcher.WaitForAsync(sent.Id))
    {
        return 3;
    }

    // The stream is closed now; what happens meanwhile waits in the gateway's log, after the cursor.
    string? answer = null;
    if (phone is not null)
    {
        answer = await phone.SendAsContactAsync(settings.Phone, $"Got it ({sent.Id})");
        Console.WriteLine($"incoming: {answer} from {settings.Phone}, sent while the stream was closed");
    }

    return await watcher.ResumeAsync(answer) ? 0 : 3;
}
catch (RpcException ex)
{
    await Console.Error.WriteLineAsync(RpcErrors.Describe(ex, settings));
    return 1;
}
catch (HttpRequestException ex)
{
    var where = ex.StatusCode is null ? $" (is the gateway's REST endpoint at {settings.RestAddress}? WAGRPC_REST_ADDRESS)" : "";
    await Console.Error.WriteLineAsync($"error: {ex.Message}{where}");
    return 1;
}
