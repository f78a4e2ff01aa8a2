using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WaGrpc.Core;
using WaGrpc.Sandbox.Network;

namespace WaGrpc.Sandbox.Api;

/// <summary>
/// The sandbox on the Rest endpoint: the WhatsApp Web stand-in page (/sandbox/web/), its WebSocket
/// (/sandbox/ws) and media (/sandbox/media), the phone API (/sandbox/api/*, token like the rest of
/// the REST API) and the phone page (/sandbox/phone/).
/// </summary>
public static class SandboxEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Maps the sandbox. The phone API needs the API token, which the host checks (its fallback
    /// policy); what the stand-in page itself loads and its WebSocket are open (AllowAnonymous),
    /// as web.whatsapp.com is.
    /// </summary>
    public static IEndpointRouteBuilder MapWaGrpcSandbox(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/sandbox").AllowAnonymous();
        page.MapGet("/web/wa-web.js", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(StandInScript.Text, "text/javascript; charset=utf-8");
        });
        page.MapGet("/web/{**file}", (HttpContext http, string? file) => StaticFile(http, "web", file));
        page.MapGet("/phone/{**file}", (HttpContext http, string? file) => StaticFile(http, "phone", file));

        page.Map("/ws", async (HttpContext http, [FromServices] SandboxNetwork network) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return Results.Json(new { error = "WebSocket requests only" }, statusCode: StatusCodes.Status400BadRequest);
            }

            if (!network.Online)
            {
                return Results.Json(new { error = "The simulated network is offline" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            await network.AcceptAsync(socket, http.RequestAborted);
            return Results.Empty;
        });

        page.MapPost("/media", async (HttpContext http, [FromServices] SandboxNetwork network) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var path = network.StoreMedia(buffer.ToArray(), http.Request.ContentType ?? "application/octet-stream", null);
            return Results.Json(new { directPath = path, size = buffer.Length });
        });
        page.MapGet("/media/{id}", (string id, [FromServices] SandboxNetwork network) =>
            network.ReadMedia(id) is { } media ? Results.Bytes(media.Bytes, media.ContentType) : Error(StatusCodes.Status404NotFound, $"No media {id}"));

        var api = app.MapGroup("/sandbox/api");

        api.MapGet("/state", ([FromServices] SandboxNetwork network) => Results.Json(
            new { linked = network.Linked, phone = network.Phone, networkOnline = network.Online, qr = network.CurrentQr() }, Json));

        api.MapPost("/link", (HttpContext http, [FromServices] SandboxNetwork network) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<LinkRequest>(http);
            if (!string.IsNullOrWhiteSpace(body.Code))
            {
                network.LinkWithCode(body.Code);
            }
            else if (!string.IsNullOrWhiteSpace(body.Qr))
            {
                network.Link(body.Qr);
            }
            else
            {
                throw new ValidationException("qr", "qr or code is required: the text of the QR code the page shows, or the pairing code it asked for");
            }

            return new { linked = true, phone = network.Phone };
        }));

        api.MapPost("/unlink", (HttpContext http, [FromServices] SandboxNetwork network) => HandleAsync(http, () =>
        {
            network.Unlink();
            return Task.FromResult<object>(new { linked = false });
        }));

        api.MapPost("/conflict", (HttpContext http, [FromServices] SandboxNetwork network) => HandleAsync(http, () =>
            Task.FromResult<object>(new { conflict = network.OpenElsewhere() })));

        api.MapPost("/network", (HttpContext http, [FromServices] SandboxNetwork network) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<NetworkRequest>(http);
            if (body.Online is not { } online)
            {
                throw new ValidationException("online", "online is required: true or false");
            }

            network.SetOnline(online);
            return new { networkOnline = online };
        }));

        api.MapPost("/messages", (HttpContext http, [FromServices] SandboxNetwork network) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<IncomingMessage>(http);
            if (string.IsNullOrWhiteSpace(body.From))
            {
                throw new ValidationException("from", "from is required: the sender's phone number");
            }

            return new { id = network.Receive(body) };
        }));

        api.MapGet("/messages", (HttpContext http, [FromServices] SandboxNetwork network, string? chatId, long? after) => HandleAsync(http, () =>
        {
            var messages = network.ListSent(chatId, after ?? 0).Select(m => new
            {
                seq = m.Seq,
                id = m.SerializedId,
                chatId = m.ChatId,
                body = m.Body,
                type = m.Type,
                filename = m.Filename,
                caption = m.Caption,
                mimetype = m.MimeType,
                directPath = m.DirectPath,
                lat = m.Latitude,
                lng = m.Longitude,
                address = m.Address,
                vcardName = m.VCardName,
                vcards = m.VCards,
                subtype = m.Subtype,
                title = m.Title,
                description = m.Description,
                canonicalUrl = m.CanonicalUrl,
                thumbnail = m.Thumbnail,
                isForwarded = m.IsForwarded,
                forwardingScore = m.ForwardingScore,
                time = m.Time,
                ack = m.Ack switch { >= 3 => "viewed", 2 => "delivered", _ => "sent" },
                source = m.Source,
            });
            return Task.FromResult<object>(new { messages });
        }));

        api.MapGet("/received", (HttpContext http, [FromServices] SandboxNetwork network, string? chatId, long? after) => HandleAsync(http, () =>
            Task.FromResult<object>(new
            {
                messages = network.ListReceived(chatId, after ?? 0).Select(m => new
                {
                    seq = m.Seq,
                    id = m.SerializedId,
                    chatId = m.ChatId,
                    from = m.From,
                    type = m.Type,
                    body = m.Body,
                    time = m.Time,
                    delivered = m.DeliveredToDevice,
                    read = m.ReadByAccount,
                }),
            })));

        api.MapPost("/ack", (HttpContext http, [FromServices] SandboxNetwork network) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<AckRequest>(http);
            var ack = body.Status switch
            {
                "delivered" => 2,
                "viewed" or "read" => 3,
                _ => throw new ValidationException("status", "status must be \"delivered\" or \"viewed\""),
            };
            network.Acknowledge(body.Id ?? "", ack);
            return new { id = body.Id, status = body.Status };
        }));

        api.MapPut("/settings", (HttpContext http, [FromServices] SandboxNetwork network) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<SettingsRequest>(http);
            if (body.UnknownNumbers?.FirstOrDefault(n => !WaGrpc.Core.Messaging.ChatIds.IsPhone(n)) is { } bad)
            {
                throw new ValidationException("unknownNumbers", $"unknownNumbers: '{bad}' is not a phone number");
            }

            if (body.QrRefs is < 1 || body.QrFirstMs is < 100 || body.QrNextMs is < 100)
            {
                throw new ValidationException("qrRefs", "qrRefs must be 1 or more and QR lifetimes 100 ms or more");
            }

            return SettingsJson(network.UpdateSettings(s =>
            {
                s.AutoDeliverMs = body.AutoDeliverMs ?? s.AutoDeliverMs;
                s.AutoReadMs = body.AutoReadMs ?? s.AutoReadMs;
                s.UnknownNumbers = body.UnknownNumbers ?? s.UnknownNumbers;
                s.QrFirstMs = body.QrFirstMs ?? s.QrFirstMs;
                s.QrNextMs = body.QrNextMs ?? s.QrNextMs;
                s.QrRefs = body.QrRefs ?? s.QrRefs;
                s.CiphertextMs = body.CiphertextMs ?? s.CiphertextMs;
                s.LidAddressing = body.LidAddressing ?? s.LidAddressing;
            }, reconnectPages: body.LidAddressing is not null));
        }));
        api.MapGet("/settings", ([FromServices] SandboxNetwork network) => Results.Json(SettingsJson(network.Settings), Json));

        api.MapGet("/groups", ([FromServices] SandboxNetwork network) => Results.Json(new
        {
            groups = network.Groups().Select(g => new
            {
                id = g.Gid,
                subject = g.Subject,
                participants = g.Participants,
                admins = g.Participants.Where(g.IsAdmin).ToList(),
                creator = g.Creator,
                created = g.Created,
            }),
        }, Json));

        api.MapPost("/groups", (HttpContext http, [FromServices] SandboxNetwork network) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<ContactGroupRequest>(http);
            return new { id = network.CreateContactGroup(body.Creator ?? "", body.Subject ?? "", body.Participants ?? [], body.Admins ?? []) };
        }));

        return app;
    }

    private static object SettingsJson(SandboxSettings s) => new
    {
        autoDeliverMs = s.AutoDeliverMs,
        autoReadMs = s.AutoReadMs,
        unknownNumbers = s.UnknownNumbers,
        qrFirstMs = s.QrFirstMs,
        qrNextMs = s.QrNextMs,
        qrRefs = s.QrRefs,
        ciphertextMs = s.CiphertextMs,
        lidAddressing = s.LidAddressing,
        networkOnline = s.NetworkOnline,
    };

    private static async Task<IResult> HandleAsync(HttpContext http, Func<Task<object>> action)
    {
        try
        {
            return Results.Json(await action(), Json);
        }
        catch (ValidationException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpContext http)
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted);
            return value ?? throw new ValidationException("body", "The request body must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new ValidationException("body", $"The request body is not valid JSON: {ex.Message}");
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new JsonObject { ["error"] = message }, Json, statusCode: status);

    private static IResult StaticFile(HttpContext http, string area, string? file)
    {
        if (string.IsNullOrEmpty(file) && !(http.Request.Path.Value ?? "").EndsWith('/'))
        {
            // Relative URLs in the page need the trailing slash.
            return Results.Redirect($"/sandbox/{area}/{http.Request.QueryString}");
        }

        http.Response.Headers.CacheControl = "no-store";
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        var stream = typeof(SandboxEndpoints).Assembly.GetManifestResourceStream($"sandbox/{area}/{name}");
        if (stream is null)
        {
            return Error(StatusCodes.Status404NotFound, $"No file {name}");
        }

        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }

    private sealed record LinkRequest(string? Qr, string? Code);

    private sealed record NetworkRequest(bool? Online);

    private sealed record AckRequest(string? Id, string? Status);

    private sealed record ContactGroupRequest(string? Creator, string? Subject, List<string>? Participants, List<string>? Admins);

    private sealed record SettingsRequest(int? AutoDeliverMs, int? AutoReadMs, List<string>? UnknownNumbers, int? QrFirstMs, int? QrNextMs, int? QrRefs, int? CiphertextMs, bool? LidAddressing);
}
