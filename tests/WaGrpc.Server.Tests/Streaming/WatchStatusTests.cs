using Grpc.Core;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;

namespace WaGrpc.Server.Tests.Streaming;

public sealed class WatchStatusTests
{
    [Fact]
    public async Task WatchStatus_EngineGoesThroughLogin_StreamsCurrentThenEachChange()
    {
        await using var host = await GatewayHost.StartAsync();
        using var call = host.Session().WatchStatus(new WatchStatusRequest());
        var stream = call.ResponseStream;

        // The first item is the current status (and proves the watch is registered).
        Assert.True(await stream.MoveNext().DefaultTimeout());
        var current = stream.Current;
        Assert.Equal("loading", current.AccountStatus);
        Assert.False(current.HasQrCode);

        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@abc,def,ghi,jkl");
        Assert.True(await stream.MoveNext().DefaultTimeout());
        var qr = stream.Current;
        Assert.Equal("got qr code", qr.AccountStatus);
        Assert.True(qr.HasQrCode);
        Assert.StartsWith("data:image/png;base64,", qr.QrCode, StringComparison.Ordinal);
        var png = Convert.FromBase64String(qr.QrCode["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);

        // A new QR code while waiting is a change too.
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@refreshed,qr");
        Assert.True(await stream.MoveNext().DefaultTimeout());
        Assert.Equal("got qr code", stream.Current.AccountStatus);
        Assert.StartsWith("data:image/png;base64,", stream.Current.QrCode, StringComparison.Ordinal);
        Assert.NotEqual(qr.QrCode, stream.Current.QrCode);

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        Assert.True(await stream.MoveNext().DefaultTimeout());
        var authenticated = stream.Current;
        Assert.Equal("authenticated", authenticated.AccountStatus);
        Assert.False(authenticated.HasQrCode);

        Assert.True(current.Time > 0);
        Assert.True(qr.Time >= current.Time);
        Assert.True(authenticated.Time >= qr.Time);
    }

    [Fact]
    public async Task WatchStatus_StartedAfterChange_FirstItemIsCurrentStatus()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Engine.SetStatusAsync(AccountStatus.GotQrCode, "2@first");
        using var call = host.Session().WatchStatus(new WatchStatusRequest());

        Assert.True(await call.ResponseStream.MoveNext().DefaultTimeout());

        Assert.Equal("got qr code", call.ResponseStream.Current.AccountStatus);
        Assert.True(call.ResponseStream.Current.HasQrCode);
    }
}
