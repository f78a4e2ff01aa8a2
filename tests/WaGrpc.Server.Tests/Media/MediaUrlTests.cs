using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Storage;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing.Webhooks;
using MessageDocument = WaGrpc.Storage.Documents.MessageDocument;

namespace WaGrpc.Server.Tests.Media;

/// <summary>
/// The log keeps media ids; a media message's body (its download URL) is built when it is shown,
/// from WaGrpc:PublicUrl (or the REST endpoint) of that moment. Rows that an earlier version logged
/// with the URL of then are shown with the URL of now.
/// </summary>
public sealed class MediaUrlTests
{
    private const string OldHost = "http://10.0.0.5:5080";
    private static readonly byte[] Photo = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];

    private static MessageFact IncomingPhoto(string keyId) =>
        new(GrpcTestKit.Incoming(keyId, body: "").Message with { Type = "image", Caption = "a photo", Media = new WaMedia("image/png", "p.png", Photo) });

    private static MessageFact Quoting(string keyId, string quotedId, string? quotedBody = null) =>
        new(GrpcTestKit.Incoming(keyId, "nice").Message with { QuotedMsgId = quotedId, QuotedMsgBody = quotedBody });

    [Fact]
    public async Task MediaMessage_PublicUrlChangedAndRestarted_ShowsTheUrlOfNow_InRestGrpcAndTheStream()
    {
        await using var host = await GatewayHost.StartAsync(new() { ["WaGrpc:PublicUrl"] = "https://old.example/wa/" });
        var photo = IncomingPhoto("PHOTO1");
        var quoting = Quoting("QUOTE1", photo.Message.Id);
        await host.EmitAsync(photo, quoting);
        var mediaId = MediaStore.IdFor(photo.Message.Id);
        Assert.Equal($"https://old.example/wa/media/{mediaId}", (await RestMessagesAsync(host))[photo.Message.Id]["body"]!.GetValue<string>());

        MessageDocument? stored = null;
        await host.RestartAsync(
            whileStopped: () =>
            {
                using var database = new WaGrpcDatabase(Options.Create(new StorageOptions { DataDir = host.DataDir }));
                stored = database.MessageById(photo.Message.Id);
            },
            settings: new Dictionary<string, string?> { ["WaGrpc:PublicUrl"] = "https://new.example" });

        Assert.Equal(("", mediaId), (stored!.Body, stored.MediaId));
        var url = $"https://new.example/media/{mediaId}";
        var rest = await RestMessagesAsync(host);
        Assert.Equal(url, rest[photo.Message.Id]["body"]!.GetValue<string>());
        Assert.Equal("a photo", rest[photo.Message.Id]["caption"]!.GetValue<string>());
        Assert.Equal(url, rest[quoting.Message.Id]["quotedMsgBody"]!.GetValue<string>());
        var grpc = await GrpcMessagesAsync(host);
        Assert.Equal(url, grpc[photo.Message.Id].Body);
        Assert.Equal(url, grpc[quoting.Message.Id].QuotedMsgBody);
        using (var stream = EventStream.Open(host.Events(), new StreamEventsRequest { AfterCursor = 0, Kinds = { EventKind.Message } }))
        {
            var streamed = await stream.ReadUntilAsync(e => e.Message?.Id == photo.Message.Id);
            Assert.Equal(url, streamed[^1].Message.Body);
        }

        using var download = await host.Rest.GetAsync(host.Url($"/media/{mediaId}"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Photo, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task MediaMessage_NoPublicUrl_FollowsTheRestPortOfEachStart()
    {
        await using var host = await GatewayHost.StartAsync();
        var photo = IncomingPhoto("PHOTO2");
        await host.EmitAsync(photo);

        await host.RestartAsync();

        var expected = host.RestUri.ToString().TrimEnd('/') + "/media/" + MediaStore.IdFor(photo.Message.Id);
        Assert.Equal(expected, (await RestMessagesAsync(host))[photo.Message.Id]["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task MediaMessage_WebhookRetriedAfterARestart_CarriesTheUrlOfNow()
    {
        var clock = WebhookTestKit.NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        receiver.StatusFor = _ => 500;
        var settings = WebhookTestKit.Settings();
        settings["WaGrpc:PublicUrl"] = "https://old.example";
        await using var host = await GatewayHost.StartAsync(settings, time: clock);
        await host.SetWebhookAsync(receiver.Url);
        var photo = IncomingPhoto("PHOTO3");
        await host.EmitAsync(photo);
        var mediaId = MediaStore.IdFor(photo.Message.Id);
        Assert.Equal($"https://old.example/media/{mediaId}", WebhookBody(await receiver.NextAsync()));

        receiver.StatusFor = _ => 200;
        await host.RestartAsync(settings: new Dictionary<string, string?> { ["WaGrpc:PublicUrl"] = "https://new.example" });
        await WebhookTestKit.UntilAsync(async () => receiver.Accepted.Count == 1, "the retried delivery");

        Assert.Equal($"https://new.example/media/{mediaId}", WebhookBody(receiver.Accepted[0]));
    }

    [Fact]
    public async Task OldFormatRows_MediaUrlOfThen_AreShownWithTheUrlOfNow_AnythingElseAsStored()
    {
        await using var host = await GatewayHost.StartAsync(new() { ["WaGrpc:PublicUrl"] = "https://now.example" });
        // What an earlier version logged: the media message's body is its URL of then, no media id.
        var legacyId = GrpcTestKit.Incoming("LEGACY1").Message.Id;
        var legacyUrl = $"{OldHost}/media/{MediaStore.IdFor(legacyId)}";
        var legacy = new MessageFact(GrpcTestKit.Incoming("LEGACY1", legacyUrl).Message with { Type = "image" });
        var forward = new MessageFact(GrpcTestKit.OutgoingFromPhone("FORWARD1", legacyUrl).Message with { Type = "image" });
        var chatText = GrpcTestKit.Incoming("TEXT1", legacyUrl);
        var foreign = new MessageFact(GrpcTestKit.Incoming("FOREIGN1", "https://example.com/photo.jpg").Message with { Type = "image" });
        var quoting = Quoting("QUOTE2", legacyId, legacyUrl);
        await host.EmitAsync(legacy, forward, chatText, foreign, quoting);

        var now = $"https://now.example/media/{MediaStore.IdFor(legacyId)}";
        var rest = await RestMessagesAsync(host);
        var grpc = await GrpcMessagesAsync(host);
        foreach (var (id, body) in new[] { (legacyId, now), (forward.Message.Id, now), (chatText.Message.Id, legacyUrl), (foreign.Message.Id, "https://example.com/photo.jpg") })
        {
            Assert.Equal(body, rest[id]["body"]!.GetValue<string>());
            Assert.Equal(body, grpc[id].Body);
        }

        Assert.Equal(now, rest[quoting.Message.Id]["quotedMsgBody"]!.GetValue<string>());
    }

    private static async Task<Dictionary<string, JsonNode>> RestMessagesAsync(GatewayHost host) =>
        (await host.GetOkJsonAsync("/messages"))["messages"]!.AsArray().ToDictionary(m => m!["id"]!.GetValue<string>(), m => m!);

    private static async Task<Dictionary<string, Message>> GrpcMessagesAsync(GatewayHost host) =>
        (await host.Messaging().GetMessagesAsync(new GetMessagesRequest()).ResponseAsync.DefaultTimeout()).Messages.ToDictionary(m => m.Id);

    private static string WebhookBody(ReceivedWebhook post) => post.Json["messages"]![0]!["body"]!.GetValue<string>();
}
