using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// Accepts what legacy Chat API clients send and hands the transcoding plain JSON: form-urlencoded
/// and multipart bodies become JSON (a file field becomes a base64 data URI), numbers sent for text
/// fields become strings ("phone": 17472822486), and 1/0 become true/false for switches
/// (ackNotificationsOn, last). A body that is not JSON gets a legacy 400 here.
/// </summary>
public sealed class LegacyRequestMiddleware(RequestDelegate next, IOptions<OutboundOptions> outbound)
{
    private static readonly HashSet<string> TextFields =
        ["phone", "chatId", "body", "filename", "caption", "groupName", "messageText", "webhookUrl", "quotedMsgId",
         "address", "vcard", "title", "description", "previewBase64", "audio", "proxy",
         "groupId", "participantChatId", "participantPhone"];

    private static readonly HashSet<string> TextListFields = ["phones", "chatIds", "mentionedPhones", "contactId", "messageId"];

    private static readonly HashSet<string> NumberFields = ["lat", "lng", "sendDelay"];

    private static readonly HashSet<string> SwitchFields =
        ["ackNotificationsOn", "last", "chatUpdateOn", "videoUploadOn", "guaranteedHooks", "ignoreOldMessages", "processArchive",
         "instanceStatuses", "webhookStatuses", "statusNotificationsOn"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (RestRequests.IsGrpc(request) || RestRequests.IsSandbox(request))
        {
            await next(context);
            return;
        }

        NormalizeQuery(request);
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method))
        {
            // The token was checked before this (authentication and the fallback policy): a caller
            // without it got 401, never a body error (nor an upload read into memory).
            JsonObject body;
            try
            {
                body = await ReadBodyAsync(request, context.RequestAborted);
                Coerce(body);
            }
            catch (LegacyRequestException ex)
            {
                await LegacyErrorMiddleware.WriteErrorAsync(context.Response, ex.StatusCode, ex.Message);
                return;
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
            request.Body = new MemoryStream(bytes, writable: false);
            request.ContentType = "application/json";
            request.ContentLength = bytes.Length;
        }

        await next(context);
    }

    private static void NormalizeQuery(HttpRequest request)
    {
        if (!request.Query.Keys.Any(SwitchFields.Contains))
        {
            return;
        }

        var builder = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            foreach (var value in values)
            {
                builder.Add(key, SwitchFields.Contains(key) ? SwitchValue(value ?? "") ?? value ?? "" : value ?? "");
            }
        }

        request.QueryString = builder.ToQueryString();
    }

    // "1"/"0", "true"/"false", and an empty value (a flag given without one) → "true"/"false".
    private static string? SwitchValue(string value) => value.Trim().ToLowerInvariant() switch
    {
        "" or "1" or "true" or "on" or "yes" => "true",
        "0" or "false" or "off" or "no" => "false",
        _ => null,
    };

    private LegacyRequestException TooLarge() => new(
        StatusCodes.Status413PayloadTooLarge,
        $"The request body is larger than the limit of {outbound.Value.MaxRequestBytes} bytes (files up to WaGrpc:Outbound:MaxFileBytes = {outbound.Value.MaxFileBytes} bytes).");

    private async Task<JsonObject> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw TooLarge();
            }
            catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
            {
                throw TooLarge();
            }
            catch (InvalidDataException ex)
            {
                throw new LegacyRequestException(StatusCodes.Status400BadRequest, $"The form body could not be read: {ex.Message}");
            }

            return await FormToJsonAsync(form, cancellationToken);
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        if (buffer.Length == 0 || Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Trim().Length == 0)
        {
            return [];
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            throw new LegacyRequestException(StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {ex.Message}");
        }

        return parsed as JsonObject
            ?? throw new LegacyRequestException(StatusCodes.Status400BadRequest, "The request body must be a JSON object.");
    }

    private async Task<JsonObject> FormToJsonAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var json = new JsonObject();
        foreach (var (rawKey, values) in form)
        {
            var key = rawKey.EndsWith("[]", StringComparison.Ordinal) ? rawKey[..^2] : rawKey;
            json[key] = TextListFields.Contains(key)
                ? new JsonArray(values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                : rawKey.EndsWith("[]", StringComparison.Ordinal)
                    ? new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                    : JsonValue.Create(values.ToString());
        }

        foreach (var file in form.Files)
        {
            if (file.Length > outbound.Value.MaxFileBytes)
            {
                throw new LegacyRequestException(StatusCodes.Status413PayloadTooLarge,
                    $"The file '{file.FileName}' is {file.Length} bytes; the limit is {outbound.Value.MaxFileBytes} bytes.");
            }

            using var content = new MemoryStream();
            await file.CopyToAsync(content, cancellationToken);
            var mime = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType;
            json[file.Name] = $"data:{mime};base64,{Convert.ToBase64String(content.GetBuffer(), 0, (int)content.Length)}";
            if (file.Name == "body" && (json["filename"] is null || json["filename"]!.ToString().Length == 0))
            {
                json["filename"] = Path.GetFileName(file.FileName);
            }
        }

        return json;
    }

    private static void Coerce(JsonObject body)
    {
        foreach (var (key, value) in body.ToList())
        {
            if (value is null)
            {
                continue;
            }

            if (TextFields.Contains(key))
            {
                body[key] = TextOf(key, value);
            }
            else if (TextListFields.Contains(key))
            {
                if (value is JsonArray list)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        list[i] = list[i] is null
                            ? throw new LegacyRequestException(StatusCodes.Status400BadRequest, $"{key} must be a list of strings; it holds null")
                            : TextOf(key, list[i]!);
                    }
                }
                else
                {
                    // "phones": "1747...,7968..." from form-like clients.
                    var text = TextOf(key, value);
                    body[key] = new JsonArray(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
                }
            }
            else if (NumberFields.Contains(key))
            {
                body[key] = NumberOf(key, value);
            }
            else if (SwitchFields.Contains(key) && value is JsonValue flag)
            {
                var text = flag.GetValueKind() switch
                {
                    JsonValueKind.Number => flag.ToJsonString(),
                    JsonValueKind.String => flag.GetValue<string>(),
                    _ => null,
                };
                if (text is not null && SwitchValue(text) is { } normalized)
                {
                    body[key] = normalized == "true";
                }
            }
        }
    }

    // A text field's value: a string, or a number legacy clients send for one (phone: 17472822486);
    // anything else (true, [], {}) is a 400 naming the field, not the transcoding's generic error.
    private static string TextOf(string key, JsonNode value) => value is JsonValue scalar
        ? scalar.GetValueKind() switch
        {
            JsonValueKind.String => scalar.GetValue<string>(),
            JsonValueKind.Number => scalar.ToJsonString(),
            var kind => throw new LegacyRequestException(StatusCodes.Status400BadRequest, $"{key} must be a string, not {kind.ToString().ToLowerInvariant()}"),
        }
        : throw new LegacyRequestException(StatusCodes.Status400BadRequest, $"{key} must be a string, not {(value is JsonArray ? "an array" : "an object")}");

    // A number field's value: a JSON number, or text that is one ("51.5" from forms); else a 400 naming it.
    private static double NumberOf(string key, JsonNode value)
    {
        if (value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.Number)
        {
            return scalar.GetValue<double>();
        }

        var text = value is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>().Trim() : null;
        return text is not null && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)
            ? parsed
            : throw new LegacyRequestException(StatusCodes.Status400BadRequest, $"{key} must be a number (degrees), e.g. 51.5074");
    }

    private sealed class LegacyRequestException(int statusCode, string message) : Exception(message)
    {
        public int StatusCode { get; } = statusCode;
    }
}
