using Google.Rpc;
using Grpc.Core;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using BadInputMatrixFixture = WaGrpc.Server.Tests.Rest.BadInputMatrixFixture;
using StatusCode = Grpc.Core.StatusCode;

namespace WaGrpc.Server.Tests.GrpcApi;

/// <summary>
/// The bad-input matrix (issue 10, item 6), gRPC side: the same validation as REST, answered
/// INVALID_ARGUMENT with a BadRequest field violation naming the field; nothing stored, the server up.
/// </summary>
public sealed class BadInputMatrixGrpcTests(BadInputMatrixFixture fixture) : IClassFixture<BadInputMatrixFixture>
{
    private const string Png = "data:image/png;base64,iVBORw0KGgo=";

    private static readonly Dictionary<string, (string Field, Func<GatewayHost, Task> Call)> Calls = new()
    {
        ["text: phone with +"] = ("phone", h => Text(h, new() { Phone = "+17472822486", Body = "hi" })),
        ["text: phone letters"] = ("phone", h => Text(h, new() { Phone = "abc", Body = "hi" })),
        ["text: phone too short"] = ("phone", h => Text(h, new() { Phone = "1234", Body = "hi" })),
        ["text: phone too long"] = ("phone", h => Text(h, new() { Phone = "12345678901234567890", Body = "hi" })),
        ["text: phone with newline"] = ("phone", h => Text(h, new() { Phone = "1747282\n2486", Body = "hi" })),
        ["text: no target"] = ("phone", h => Text(h, new() { Body = "hi" })),
        ["text: chat id traversal"] = ("chatId", h => Text(h, new() { ChatId = "../../etc/passwd", Body = "hi" })),
        ["text: chat id other domain"] = ("chatId", h => Text(h, new() { ChatId = "17472822486@evil.com", Body = "hi" })),
        ["text: chat id s.whatsapp.net"] = ("chatId", h => Text(h, new() { ChatId = "17472822486@s.whatsapp.net", Body = "hi" })),
        ["text: chat id twice"] = ("chatId", h => Text(h, new() { ChatId = "17472822486@c.us@c.us", Body = "hi" })),
        ["text: body empty"] = ("body", h => Text(h, new() { Phone = "17472822486", Body = "" })),
        ["text: body blank"] = ("body", h => Text(h, new() { Phone = "17472822486", Body = " \n " })),
        ["text: body over 65,536"] = ("body", h => Text(h, new() { Phone = "17472822486", Body = new string('x', 65_537) })),
        ["text: quoted id"] = ("quotedMsgId", h => Text(h, new() { Phone = "17472822486", Body = "hi", QuotedMsgId = "not an id" })),
        ["text: mention"] = ("mentionedPhones", h => Text(h, new() { Phone = "17472822486", Body = "hi", MentionedPhones = { "+1" } })),
        ["file: no filename"] = ("filename", h => File(h, new() { Phone = "17472822486", Body = Png })),
        ["file: filename traversal"] = ("filename", h => File(h, new() { Phone = "17472822486", Body = Png, Filename = "../../etc/passwd" })),
        ["file: filename backslash"] = ("filename", h => File(h, new() { Phone = "17472822486", Body = Png, Filename = "..\\win.ini" })),
        ["file: filename control"] = ("filename", h => File(h, new() { Phone = "17472822486", Body = Png, Filename = "a\u0001.png" })),
        ["file: filename dots"] = ("filename", h => File(h, new() { Phone = "17472822486", Body = Png, Filename = ".." })),
        ["file: bad base64"] = ("body", h => File(h, new() { Phone = "17472822486", Body = "data:image/png;base64,@@", Filename = "a.png" })),
        ["file: bad mime"] = ("body", h => File(h, new() { Phone = "17472822486", Body = "data:not a mime;base64,AAAA", Filename = "a.png" })),
        ["file: empty data"] = ("body", h => File(h, new() { Phone = "17472822486", Body = "data:image/png;base64,", Filename = "a.png" })),
        ["file: metadata address"] = ("body", h => File(h, new() { Phone = "17472822486", Body = "http://169.254.169.254/latest/meta-data/", Filename = "a.png" })),
        ["file: loopback"] = ("body", h => File(h, new() { Phone = "17472822486", Body = "http://127.0.0.1:1/x", Filename = "a.png" })),
        ["file: private"] = ("body", h => File(h, new() { Phone = "17472822486", Body = "http://10.0.0.1/x", Filename = "a.png" })),
        ["file: file scheme"] = ("body", h => File(h, new() { Phone = "17472822486", Body = "file:///etc/passwd", Filename = "a.png" })),
        ["group: no name"] = ("groupName", h => Group(h, new() { Phones = { "17472822486" } })),
        ["group: no members"] = ("phones", h => Group(h, new() { GroupName = "Browsers" })),
        ["group: bad member"] = ("phones", h => Group(h, new() { GroupName = "Browsers", Phones = { "17472822486", "+1" } })),
        ["webhook: ftp"] = ("webhookUrl", h => h.Messaging().SetWebhookAsync(new SetWebhookRequest { WebhookUrl = "ftp://example.com/hook" }).ResponseAsync),
        ["webhook: no scheme"] = ("webhookUrl", h => h.Messaging().SetWebhookAsync(new SetWebhookRequest { WebhookUrl = "example.com/hook" }).ResponseAsync),
        ["messages: negative limit"] = ("limit", h => h.Messaging().GetMessagesAsync(new GetMessagesRequest { Limit = -1 }).ResponseAsync),
        ["messages: negative last number"] = ("lastMessageNumber", h => h.Messaging().GetMessagesAsync(new GetMessagesRequest { LastMessageNumber = -5 }).ResponseAsync),
        ["messages: negative min_time"] = ("min_time", h => h.Messaging().GetMessagesAsync(new GetMessagesRequest { MinTime = -1 }).ResponseAsync),
        ["messages: bad chat"] = ("chatId", h => h.Messaging().GetMessagesAsync(new GetMessagesRequest { ChatId = "../x" }).ResponseAsync),
        ["events: negative cursor"] = ("afterCursor", h => FirstEvent(h, new StreamEventsRequest { AfterCursor = -1 })),
        ["events: bad chat"] = ("chatId", h => FirstEvent(h, new StreamEventsRequest { AfterCursor = 0, ChatId = "nobody" })),
    };

    public static TheoryData<string> Cases => [.. Calls.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_FailsInvalidArgumentNamingTheField_StoresNothing(string name)
    {
        var (field, call) = Calls[name];
        var host = fixture.Host;

        var ex = await Assert.ThrowsAsync<RpcException>(() => call(host).DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Equal(0, (await host.QueueAsync()).TotalMessages);
        Assert.False((await host.Messaging().GetWebhookAsync(new GetWebhookRequest()).ResponseAsync.DefaultTimeout()).Set);
    }

    private static Task Text(GatewayHost h, SendMessageRequest request) => h.Messaging().SendMessageAsync(request).ResponseAsync;

    private static Task File(GatewayHost h, SendFileRequest request) => h.Messaging().SendFileAsync(request).ResponseAsync;

    private static Task Group(GatewayHost h, CreateGroupRequest request) => h.Messaging().CreateGroupAsync(request).ResponseAsync;

    private static async Task FirstEvent(GatewayHost h, StreamEventsRequest request)
    {
        using var call = h.Events().StreamEvents(request);
        await call.ResponseStream.MoveNext();
    }
}
