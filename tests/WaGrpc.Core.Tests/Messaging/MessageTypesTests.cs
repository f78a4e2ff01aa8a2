using WaGrpc.Core.Messaging;

namespace WaGrpc.Core.Tests.Messaging;

/// <summary>The legacy type of a file by its MIME type, and a location's body.</summary>
public sealed class MessageTypesTests
{
    [Theory]
    [InlineData("image/png", "image")]
    [InlineData("image/jpeg", "image")]
    [InlineData("video/mp4", "video")]
    [InlineData("audio/ogg", "audio")]
    [InlineData("application/pdf", "document")]
    [InlineData("text/plain", "document")]
    [InlineData("imagepng", "document")]
    [InlineData("", "document")]
    [InlineData(null, "document")]
    public void OfFile_ByTheMimeTypesTopLevel_ElseDocument(string? mime, string type)
    {
        Assert.Equal(type, MessageTypes.OfFile(mime));
    }

    [Fact]
    public void Media_AreTheTypesWhoseBodyIsALink()
    {
        Assert.Equal(["audio", "document", "image", "ptt", "sticker", "video"], MessageTypes.Media.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("chat", MessageTypes.Media);
        Assert.DoesNotContain("location", MessageTypes.Media);
    }

    [Theory]
    [InlineData(52.52, 13.405, "52.52;13.405")]
    [InlineData(-33.8688, 151.2093, "-33.8688;151.2093")]
    [InlineData(0, 0, "0;0")]
    public void LocationBody_IsLatitudeSemicolonLongitude_RoundTripping(double latitude, double longitude, string body)
    {
        Assert.Equal(body, MessageTypes.LocationBody(latitude, longitude));
    }
}
