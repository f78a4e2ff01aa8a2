using System.Text.Json;
using WaGrpc.Browser;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser.Tests;

/// <summary>How the page's Socket state, hasSynced and QR text become the legacy status, and how page events become facts.</summary>
public sealed class SessionStatusTrackerTests
{
    [Fact]
    public void States_MapToTheLegacyStatuses()
    {
        var tracker = new SessionStatusTracker();

        Assert.Equal(AccountStatus.Init, tracker.Current.Status);
        Assert.Equal(AccountStatus.Loading, tracker.PageLoading().Status);
        Assert.Equal(AccountStatus.Loading, tracker.State("UNPAIRED", synced: false).Status);
        var qr = tracker.Qr("2@ref,noise,identity,adv,WEB");
        Assert.Equal((AccountStatus.GotQrCode, "2@ref,noise,identity,adv,WEB"), (qr.Status, qr.QrText));
        Assert.Equal("2@ref2,noise,identity,adv,WEB", tracker.Qr("2@ref2,noise,identity,adv,WEB").QrText);
        Assert.Equal(AccountStatus.Loading, tracker.State("UNPAIRED_IDLE", synced: false).Status);
        Assert.Equal(AccountStatus.Loading, tracker.State("UNPAIRED", synced: false).Status);
        Assert.Equal(AccountStatus.Loading, tracker.State("PAIRING", synced: false).Status);
        Assert.Equal(AccountStatus.Loading, tracker.State("CONNECTED", synced: false).Status);
        Assert.Equal(AccountStatus.Authenticated, tracker.State("CONNECTED", synced: true).Status);
        Assert.Equal("timeout", tracker.State("TIMEOUT", synced: true).Details!.Reason);
        Assert.Equal("tos_block", tracker.State("TOS_BLOCK", synced: true).Details!.Reason);
        Assert.Equal(AccountStatus.Authenticated, tracker.State("CONNECTED", synced: true).Status);
        Assert.Equal(AccountStatus.Loading, tracker.LoggedOut().Status);
        Assert.Equal(AccountStatus.Init, tracker.BrowserStarting("the browser closed").Status);
        Assert.Equal("the browser closed", tracker.Current.Details!.Msg);
    }

    [Theory]
    [InlineData(-1, AckLevel.Error)]
    [InlineData(1, AckLevel.Sent)]
    [InlineData(2, AckLevel.Delivered)]
    [InlineData(3, AckLevel.Viewed)]
    [InlineData(4, AckLevel.Viewed)]
    public void Acks_MapToLevels_PlayedCountsAsViewed(int ack, AckLevel level)
    {
        using var json = JsonDocument.Parse($$"""{"kind":"ack","id":"true_1@c.us_3EB0AA","chatId":"1@c.us","ack":{{ack}}}""");

        var fact = Assert.IsType<AckFact>(PageEvents.ToFact(json.RootElement));

        Assert.Equal(new AckFact("true_1@c.us_3EB0AA", "1@c.us", level), fact);
    }

    [Fact]
    public void PendingAck_IsNoFact_AndAMessageCarriesItsMedia()
    {
        using var pending = JsonDocument.Parse("""{"kind":"ack","id":"true_1@c.us_3EB0AA","chatId":"1@c.us","ack":0}""");
        using var message = JsonDocument.Parse("""
            {"kind":"msg","msg":{"id":"false_1@c.us_AB","chatId":"1@c.us","fromMe":false,"type":"image","body":"","t":1700000000,
             "author":"1@c.us","notifyName":"Ann","caption":"look","media":{"mimetype":"image/png","filename":"a.png","data":"AQID"}}}
            """);

        var fact = Assert.IsType<MessageFact>(PageEvents.ToFact(message.RootElement));

        Assert.Null(PageEvents.ToFact(pending.RootElement));
        Assert.Equal("image", fact.Message.Type);
        Assert.Equal("Ann", fact.Message.SenderName);
        Assert.Equal("look", fact.Message.Caption);
        Assert.Equal(1_700_000_000, fact.Message.Time);
        Assert.Equal(new byte[] { 1, 2, 3 }, fact.Message.Media!.Content.ToArray());
        Assert.Equal("a.png", fact.Message.Media.Filename);
    }
}
