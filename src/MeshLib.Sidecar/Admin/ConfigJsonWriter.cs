using System.Text.Json;
using MeshLib.Configuration;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.Resources;

namespace MeshLib.Sidecar.Admin;

/// <summary>
/// Writes configuration records as JSON in the shape they are read: camelCase keys, enums by their Istio names,
/// durations in Go syntax, unset fields left out. Walks the same record metadata the binder and <see cref="ConfigWriter"/> use.
/// </summary>
internal static class ConfigJsonWriter
{
    /// <summary>Writes one resource as <c>{ apiVersion, kind, metadata, spec, source }</c>.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="resource">The resource.</param>
    public static void WriteResource(Utf8JsonWriter writer, MeshResource resource)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion", resource.ApiVersion);
        writer.WriteString("kind", resource.Kind.ToString());
        writer.WritePropertyName("metadata");
        WriteRecord(writer, resource.Metadata);
        writer.WritePropertyName("spec");
        WriteRecord(writer, resource.Spec);
        if (resource.Source is { } source)
        {
            writer.WriteString("source", source.ToString());
        }

        writer.WriteEndObject();
    }

    // Recursion follows the record graph, which the binder built from a height-bounded node tree.
    private static void WriteRecord(Utf8JsonWriter writer, ConfigElement element)
    {
        writer.WriteStartObject();
        foreach (var property in ConfigTypeInfo.For(element.GetType()).Properties)
        {
            if (property.Get(element) is { } value)
            {
                writer.WritePropertyName(property.Key);
                WriteValue(writer, value, property.Shape);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value, ValueShape shape)
    {
        switch (shape.Kind)
        {
            case ValueShapeKind.Record:
                WriteRecord(writer, (ConfigElement)value);
                break;
            case ValueShapeKind.List:
                writer.WriteStartArray();
                foreach (var item in ValueShape.ListItems(value))
                {
                    WriteValue(writer, item!, shape.Element!);
                }

                writer.WriteEndArray();
                break;
            case ValueShapeKind.Map:
                writer.WriteStartObject();
                foreach (var (key, item) in shape.MapEntries!(value))
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item!, shape.Element!);
                }

                writer.WriteEndObject();
                break;
            case ValueShapeKind.String:
                writer.WriteStringValue((string)value);
                break;
            case ValueShapeKind.Boolean:
                writer.WriteBooleanValue((bool)value);
                break;
            case ValueShapeKind.Int32:
                writer.WriteNumberValue((int)value);
                break;
            case ValueShapeKind.UInt32:
                writer.WriteNumberValue((uint)value);
                break;
            case ValueShapeKind.Int64:
                writer.WriteNumberValue((long)value);
                break;
            case ValueShapeKind.UInt64:
                writer.WriteNumberValue((ulong)value);
                break;
            case ValueShapeKind.Double when double.IsFinite((double)value):
                writer.WriteNumberValue((double)value);
                break;
            case ValueShapeKind.Enum:
                writer.WriteStringValue(shape.Enum!.NameOf(value));
                break;
            default:
                // Durations in Go syntax (and a non-finite double, which JSON numbers cannot hold).
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
