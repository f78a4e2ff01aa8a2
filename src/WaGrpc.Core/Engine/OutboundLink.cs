namespace WaGrpc.Core.Engine;

/// <summary>A link with its preview: a text message (the URL) with subtype <c>url</c>.</summary>
/// <param name="Title">The preview's title, or null.</param>
/// <param name="Description">The preview's description, or null.</param>
/// <param name="ThumbnailBase64">The preview image (JPEG or PNG), base64 without a data: prefix, or null.</param>
public sealed record OutboundLink(string? Title, string? Description, string? ThumbnailBase64) : OutboundContent;
