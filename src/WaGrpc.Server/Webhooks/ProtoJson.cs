using System.Collections;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace WaGrpc.Server.Webhooks;

/// <summary>
/// Writes protobuf messages as the REST API's JSON transcoding does (JSON names, int64 as JSON
/// numbers, default values written, unset optional fields left out), so webhook bodies carry
/// exactly the fields /messages answers.
/// </summary>
internal static class ProtoJson
{
    public static void Write(Utf8JsonWriter writer, IMessage message)
    {
        writer.WriteStartObject();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                throw new NotSupportedException($"Map field {field.FullName} is not supported.");
            }

            if (field.IsRepeated)
            {
                writer.WritePropertyName(field.JsonName);
                writer.WriteStartArray();
                foreach (var item in (IList)field.Accessor.GetValue(message))
                {
                    WriteValue(writer, field, item);
                }

                writer.WriteEndArray();
                continue;
            }

            if (field.HasPresence && !field.Accessor.HasValue(message))
            {
                continue;
            }

            writer.WritePropertyName(field.JsonName);
            WriteValue(writer, field, field.Accessor.GetValue(message));
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, FieldDescriptor field, object value)
    {
        switch (field.FieldType)
        {
            case FieldType.Bool:
                writer.WriteBooleanValue((bool)value);
                break;
            case FieldType.String:
                writer.WriteStringValue((string)value);
                break;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                writer.WriteNumberValue((int)value);
                break;
            case FieldType.UInt32 or FieldType.Fixed32:
                writer.WriteNumberValue((uint)value);
                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                writer.WriteNumberValue((long)value);
                break;
            case FieldType.UInt64 or FieldType.Fixed64:
                writer.WriteNumberValue((ulong)value);
                break;
            case FieldType.Double:
                writer.WriteNumberValue((double)value);
                break;
            case FieldType.Float:
                writer.WriteNumberValue((float)value);
                break;
            case FieldType.Bytes:
                writer.WriteStringValue(((ByteString)value).ToBase64());
                break;
            case FieldType.Enum:
                var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
                var name = field.EnumType.FindValueByNumber(number)?.Name;
                if (name is null)
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(name);
                }

                break;
            case FieldType.Message when field.MessageType.File.Package.StartsWith("google.protobuf", StringComparison.Ordinal):
                throw new NotSupportedException($"Well-known type field {field.FullName} is not supported.");
            case FieldType.Message:
                Write(writer, (IMessage)value);
                break;
            default:
                throw new NotSupportedException($"Field {field.FullName} of type {field.FieldType} is not supported.");
        }
    }
}
