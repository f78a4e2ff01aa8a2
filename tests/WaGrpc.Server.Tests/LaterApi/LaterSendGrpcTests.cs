using Google.Rpc;
using Grpc.Core;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using StatusCode = Grpc.Core.StatusCode;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>The later API's sends over gRPC: the same validation as REST (INVALID_ARGUMENT naming the field, nothing queued), and a send that reaches the engine.</summary>
public sealed class LaterSendGrpcTests(BadInputMatrixFixture fixture) : IClassFixture<BadInputMatrixFixture>
{
    private const string To = "17472822486";

    private static readonly Dictionary<string, (string Field, Func<MessagingService.MessagingServiceClient, Task> Call)> Calls = new()
    {
        ["location: no lat"] = ("lat", c => c.SendLocationAsync(new() { Phone = To, Lng = 1 }).ResponseAsync),
        ["location: lat out of range"] = ("lat", c => c.SendLocationAsync(new() { Phone = To, Lat = -90.01, Lng = 1 }).ResponseAsync),
        ["location: lng infinite"] = ("lng", c => c.SendLocationAsync(new() { Phone = To, Lat = 1, Lng = double.PositiveInfinity }).ResponseAsync),
        ["location: no target"] = ("phone", c => c.SendLocationAsync(new() { Lat = 1, Lng = 1 }).ResponseAsync),
        ["contact: none"] = ("contactId", c => c.SendContactAsync(new() { Phone = To }).ResponseAsync),
        ["contact: a group"] = ("contactId", c => c.SendContactAsync(new() { Phone = To, ContactId = { "1203630123@g.us" } }).ResponseAsync),
        ["vcard: not a card"] = ("vcard", c => c.SendVCardAsync(new() { Phone = To, Vcard = "FN:Jane" }).ResponseAsync),
        ["link: not http"] = ("body", c => c.SendLinkAsync(new() { Phone = To, Body = "file:///etc/passwd" }).ResponseAsync),
        ["link: preview not an image"] = ("previewBase64", c => c.SendLinkAsync(new() { Phone = To, Body = "https://example.com", PreviewBase64 = "data:application/pdf;base64,JVBERg==" }).ResponseAsync),
        ["ptt: none"] = ("audio", c => c.SendPttAsync(new() { Phone = To }).ResponseAsync),
        ["ptt: a picture"] = ("audio", c => c.SendPttAsync(new() { Phone = To, Audio = "data:image/png;base64,iVBORw0KGgo=" }).ResponseAsync),
        ["ptt: internal address"] = ("audio", c => c.SendPttAsync(new() { Phone = To, Audio = "http://10.0.0.1/v.ogg" }).ResponseAsync),
        ["forward: none"] = ("messageId", c => c.ForwardMessageAsync(new() { Phone = To }).ResponseAsync),
        ["forward: not an id"] = ("messageId", c => c.ForwardMessageAsync(new() { Phone = To, MessageId = { "../x" } }).ResponseAsync),
    };

    public static TheoryData<string> Cases => [.. Calls.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_FailsInvalidArgumentNamingTheField_QueuesNothing(string name)
    {
        var (field, call) = Calls[name];

        var ex = await Assert.ThrowsAsync<RpcException>(() => call(fixture.Host.Messaging()).DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(field, Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal(0, (await GrpcTestKit.QueueAsync(fixture.Host)).TotalMessages);
    }

    [Fact]
    public async Task SendLocation_OverGrpc_QueuesUnderTheAnsweredId_AndReachesTheEngine()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var answer = await host.Messaging().SendLocationAsync(new() { ChatId = To + "@c.us", Lat = 48.8584, Lng = 2.2945, Address = "Eiffel Tower" }).ResponseAsync.DefaultTimeout();
        var sent = await host.Engine.NextSendAsync();

        Assert.True(answer.Sent);
        Assert.Equal("ok", answer.Message);
        Assert.Equal(answer.Id, $"true_{sent.ChatId}_{sent.KeyId}");
        Assert.Equal(answer.QueueNumber, sent.QueueNumber);
        Assert.Equal(new OutboundLocation(48.8584, 2.2945, "Eiffel Tower"), sent.Content);
    }
}
