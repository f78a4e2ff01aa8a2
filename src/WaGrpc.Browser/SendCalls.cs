using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

/// <summary>The bridge call (bridge/calls.js) and its arguments for each kind of outbound message.</summary>
internal static class SendCalls
{
    /// <summary>The call and its arguments; <c>fresh</c> tells the page it need not look for the key first (a first attempt).</summary>
    public static (string Call, JsonObject Args) For(OutboundMessage m)
    {
        var (call, args) = CallOf(m);
        var json = JsonSerializer.SerializeToNode(args)!.AsObject();
        json["fresh"] = m.FirstAttempt;
        return (call, json);
    }

    private static (string Call, object Args) CallOf(OutboundMessage m) => m.Content switch
    {
        OutboundLocation l => ("sendLocation", new { chatId = m.ChatId, keyId = m.KeyId, lat = l.Latitude, lng = l.Longitude, address = l.Address }),
        OutboundContacts c => ("sendContacts", new { chatId = m.ChatId, keyId = m.KeyId, contactIds = c.ContactIds }),
        OutboundVCard v => ("sendVCard", new { chatId = m.ChatId, keyId = m.KeyId, vcard = v.VCard, displayName = v.DisplayName }),
        OutboundLink l => ("sendLink", new { chatId = m.ChatId, keyId = m.KeyId, url = m.Body, title = l.Title, description = l.Description, thumbnail = l.ThumbnailBase64 }),
        OutboundForward f => ("forward", new { chatId = m.ChatId, keyId = m.KeyId, messageId = f.MessageId }),
        _ when m.File is { } file => ("sendMedia", new
        {
            chatId = m.ChatId,
            keyId = m.KeyId,
            caption = m.Body,
            filename = file.Filename,
            mimetype = file.MimeType,
            ptt = m.Content is OutboundVoiceNote,
            data = Convert.ToBase64String(file.Content.Span),
        }),
        _ => ("sendText", new { chatId = m.ChatId, keyId = m.KeyId, body = m.Body, quotedMsgId = m.QuotedMsgId, mentioned = m.MentionedPhones }),
    };

    /// <summary>The type and body the page reports it chose ({type?, body?} beside the id), if any.</summary>
    public static SendResult ResultOf(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return SendResult.AsAsked;
        }

        string? Text(string name) => data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var (type, body) = (Text("type"), Text("body"));
        return type is null && body is null ? SendResult.AsAsked : new SendResult(type, body);
    }
}
