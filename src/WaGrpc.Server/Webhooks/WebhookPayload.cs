using System.Text.Encodings.Web;
using System.Text.Json;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Server.Events;
using WaGrpc.Server.Media;
using WaGrpc.Server.Messaging;
using WaGrpc.Storage;
using WaGrpc.Storage.Documents;
using EventKind = WaGrpc.Storage.Documents.EventKind;

namespace WaGrpc.Server.Webhooks;

/// <summary>
/// The legacy webhook bodies: <c>{"messages": [...], "instanceId": "..."}</c> with the /messages
/// shape (the same mapper), <c>{"ack": [{id, queueNumber, chatId, status}], "instanceId": "..."}</c>,
/// and with statusNotificationsOn <c>{"instanceStatuses": [{date, status}], "instanceId": "..."}</c>
/// (the /instanceStatuses shape).
/// </summary>
public static class WebhookPayload
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>"messages", "ack" or "instanceStatuses": the body's key for a kind of event.</summary>
    public static string KindName(EventKind kind) => kind switch
    {
        EventKind.Ack => "ack",
        EventKind.Status => "instanceStatuses",
        _ => "messages",
    };

    /// <summary>The UTF-8 JSON body for one delivery.</summary>
    public static byte[] Build(WebhookBatch batch, string instanceId, MediaLinks links)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(KindName(batch.Kind));
            writer.WriteStartArray();
            foreach (var row in batch.Events)
            {
                if (batch.Kind == EventKind.Ack && row.Ack is not null)
                {
                    ProtoJson.Write(writer, ToAck(row.Ack));
                }
                else if (batch.Kind == EventKind.Status && row.Status is not null)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("date", row.Created / 1000);
                    writer.WriteString("status", row.Status.AccountStatus);
                    writer.WriteEndObject();
                }
                else if (row.Message is not null)
                {
                    ProtoJson.Write(writer, MessageMapper.ToProto(row.Message, links));
                }
            }

            writer.WriteEndArray();
            writer.WriteString("instanceId", instanceId);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>An ack in the legacy webhook shape (the event stream's Ack).</summary>
    public static Ack ToAck(AckRecord ack) => EventMapper.ToAck(ack);
}
