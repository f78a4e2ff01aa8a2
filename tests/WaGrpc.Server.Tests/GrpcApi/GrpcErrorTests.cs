using Google.Rpc;
using Grpc.Core;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using StatusCode = Grpc.Core.StatusCode;

namespace WaGrpc.Server.Tests.GrpcApi;

public sealed class GrpcErrorTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("+17472822486", "", "phone")]
    [InlineData("1747-282-2486", "", "phone")]
    [InlineData("123", "", "phone")]
    [InlineData("", "", "phone")]
    [InlineData("", "17472822486", "chatId")]
    [InlineData("", "abc@c.us", "chatId")]
    [InlineData("17472822486", "17472822486@s.whatsapp.net", "chatId")]
    public async Task SendMessage_BadTarget_FailsInvalidArgumentWithFieldViolationAndStoresNothing(string phone, string chatId, string field)
    {
        var host = gateway.Host;

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Messaging()
            .SendMessageAsync(new SendMessageRequest { Phone = phone, ChatId = chatId, Body = "hi" }).ResponseAsync.DefaultTimeout());

        AssertFieldViolation(ex, field);
        var queue = await host.QueueAsync();
        Assert.Equal(0, queue.TotalMessages);
        Assert.Empty(queue.First100);
    }

    [Fact]
    public async Task SendMessage_EmptyBody_FailsInvalidArgumentOnBody()
    {
        var host = gateway.Host;

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Messaging()
            .SendMessageAsync(new SendMessageRequest { Phone = GrpcTestKit.Phone, Body = "  " }).ResponseAsync.DefaultTimeout());

        AssertFieldViolation(ex, "body");
        Assert.Equal(0, (await host.QueueAsync()).TotalMessages);
    }

    [Fact]
    public async Task StreamEvents_BadChatId_FailsInvalidArgumentOnChatId()
    {
        var host = gateway.Host;
        using var call = host.Events().StreamEvents(new StreamEventsRequest { AfterCursor = 0, ChatId = "nobody" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().DefaultTimeout());

        AssertFieldViolation(ex, "chatId");
    }

    [Fact]
    public async Task StreamEvents_NegativeAfterCursor_FailsInvalidArgumentOnAfterCursor()
    {
        var host = gateway.Host;
        using var call = host.Events().StreamEvents(new StreamEventsRequest { AfterCursor = -1 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().DefaultTimeout());

        AssertFieldViolation(ex, "afterCursor");
    }

    [Fact]
    public async Task GetQrCode_WhileLoading_FailsFailedPrecondition()
    {
        var host = gateway.Host;

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Session().GetQrCodeAsync(new GetQrCodeRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("loading", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetQrCode_WithQrCode_AnswersPng()
    {
        // It changes the status the others see (loading): a gateway of its own.
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");

        var body = await host.Session().GetQrCodeAsync(new GetQrCodeRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal("image/png", body.ContentType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, body.Data.Span[..4].ToArray());
    }

    private static void AssertFieldViolation(RpcException ex, string field)
    {
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var status = ex.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        var violation = Assert.Single(badRequest.FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
    }
}
