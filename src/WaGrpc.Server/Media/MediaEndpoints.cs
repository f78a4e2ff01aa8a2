using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using WaGrpc.Server.Infrastructure;
using WaGrpc.Storage;

namespace WaGrpc.Server.Media;

/// <summary>GET /media/{id}?token=: the incoming media a message body points to.</summary>
public static class MediaEndpoints
{
    public static IEndpointRouteBuilder MapWaGrpcMedia(this IEndpointRouteBuilder app)
    {
        // The token is checked by TokenAuthenticationHandler (the fallback policy), as everywhere.
        app.MapGet("/media/{id}", async (HttpContext http, string id, [FromServices] MediaStore media) =>
        {
            if (media.Read(id) is not { } file)
            {
                await LegacyErrorMiddleware.WriteErrorAsync(http.Response, StatusCodes.Status404NotFound, "No such media (it may be older than the retention and removed).");
                return;
            }

            http.Response.ContentType = file.MimeType;
            var disposition = new ContentDispositionHeaderValue("inline");
            disposition.SetHttpFileName(file.Filename);
            http.Response.Headers.ContentDisposition = disposition.ToString();
            http.Response.ContentLength = file.Content.Length;
            await http.Response.Body.WriteAsync(file.Content, http.RequestAborted);
        })
        .WithTags("Media")
        .WithSummary("An incoming message's media (image, video, audio, document), as the message body links it.")
        .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        return app;
    }
}
