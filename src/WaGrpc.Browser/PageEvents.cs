using System.Text.Json;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

/// <summary>Reads the page script's "msg" and "ack" events into engine facts.</summary>
public static class PageEvents
{
    /// <summary>The fact an event describes, or null when it tells nothing the gateway keeps (a pending ack).</summary>
    public static EngineFact? ToFact(JsonElement item)
    {
        switch (item.GetProperty("kind").GetString())
        {
            case "ack":
                var ack = item.GetProperty("ack").GetInt32();
                return AckLevelOf(ack) is { } level
                    ? new AckFact(item.GetProperty("id").GetString()!, item.GetProperty("chatId").GetString()!, level)
                    : null;
            case "msg":
                return new MessageFact(ToMessage(item.GetProperty("msg")));
            default:
                return null;
        }
    }

    /// <summary>The bridge's "ready" event: the versions in use and what wa-js lacks.</summary>
    public static PageDetails ToPageDetails(JsonElement item) => new(
        String(item, "waJs") ?? "",
        String(item, "version") ?? "",
        Strings(item, "missing"),
        Strings(item, "disabled"));

    /// <summary>WhatsApp's ack number as the gateway's level: 4 (played) counts as viewed; 0 (pending) tells nothing.</summary>
    public static AckLevel? AckLevelOf(int ack) => ack switch
    {
        < 0 => AckLevel.Error,
        0 => null,
        1 => AckLevel.Sent,
        2 => AckLevel.Delivered,
        _ => AckLevel.Viewed,
    };

    private static WaMessage ToMessage(JsonElement m)
    {
        WaMedia? media = null;
        if (m.TryGetProperty("media", out var file) && file.ValueKind == JsonValueKind.Object)
        {
            media = new WaMedia(
                String(file, "mimetype") ?? "application/octet-stream",
                String(file, "filename"),
                Convert.FromBase64String(String(file, "data") ?? ""));
        }

        return new WaMessage
        {
            Id = String(m, "id")!,
            ChatId = String(m, "chatId")!,
            FromMe = m.GetProperty("fromMe").GetBoolean(),
            Type = String(m, "type") ?? "chat",
            Body = String(m, "body") ?? "",
            Time = m.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : 0,
            Author = String(m, "author") ?? "",
            SenderName = String(m, "notifyName") ?? "",
            Caption = String(m, "caption"),
            QuotedMsgId = String(m, "quotedMsgId"),
            QuotedMsgBody = String(m, "quotedMsgBody"),
            Ack = m.TryGetProperty("ack", out var a) && a.ValueKind == JsonValueKind.Number ? AckLevelOf(a.GetInt32()) : null,
            Media = media,
        };
    }

    private static string[] Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString() ?? "")]
            : [];

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
