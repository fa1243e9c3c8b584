using System.Globalization;
using MeshLib.Configuration.Resources;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshLib.Configuration.Parsing;

/// <summary>
/// Writes resources (or any record graph) back out, as YAML text or as flat configuration keys for
/// <c>AddInMemoryCollection</c>, in the form the binder reads: camelCase keys, enums by their Istio names,
/// durations in Go syntax. Reading the output gives records equal to the input.
/// </summary>
internal static class ConfigWriter
{
    /// <summary>Writes <paramref name="resources"/> as YAML documents separated by <c>---</c>.</summary>
    /// <param name="resources">The resources.</param>
    /// <returns>The YAML text.</returns>
    public static string ToYaml(IEnumerable<MeshResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return Emit(emitter =>
        {
            foreach (var resource in resources)
            {
                emitter.Emit(new DocumentStart(null, null, isImplicit: false));
                WriteResource(emitter, resource);
                emitter.Emit(new DocumentEnd(isImplicit: true));
            }
        });
    }

    /// <summary>Writes one record (and everything under it) as a YAML document.</summary>
    /// <param name="element">The record.</param>
    /// <returns>The YAML text.</returns>
    public static string ToYaml(ConfigElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element is MeshResource resource)
        {
            return ToYaml([resource]);
        }

        return Emit(emitter =>
        {
            emitter.Emit(new DocumentStart());
            WriteRecord(emitter, element);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        });
    }

    /// <summary>Writes <paramref name="resources"/> as configuration keys <c>prefix:0:apiVersion</c>, <c>prefix:0:spec:hosts:0</c>, ...</summary>
    /// <param name="resources">The resources.</param>
    /// <param name="prefix">The list's path, such as <c>Mesh:Resources</c>.</param>
    /// <returns>The keys and values.</returns>
    public static IEnumerable<KeyValuePair<string, string?>> ToConfiguration(IEnumerable<MeshResource> resources, string prefix)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var pairs = new List<KeyValuePair<string, string?>>();
        var index = 0;
        foreach (var resource in resources)
        {
            pairs.AddRange(ToConfiguration(resource, Key(prefix, index++.ToString(CultureInfo.InvariantCulture))));
        }

        return pairs;
    }

    /// <summary>Writes one resource as configuration keys under <paramref name="prefix"/> (such as <c>Mesh:Resources:0</c>).</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="prefix">The resource's path.</param>
    /// <returns>The keys and values.</returns>
    public static IEnumerable<KeyValuePair<string, string?>> ToConfiguration(MeshResource resource, string prefix)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var pairs = new List<KeyValuePair<string, string?>>
        {
            new(Key(prefix, "apiVersion"), resource.ApiVersion),
            new(Key(prefix, "kind"), resource.Kind.ToString()),
        };
        Flatten(pairs, Key(prefix, "metadata"), resource.Metadata);
        Flatten(pairs, Key(prefix, "spec"), resource.Spec);
        return pairs;
    }

    private static string Emit(Action<IEmitter> body)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        body(emitter);
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void WriteResource(IEmitter emitter, MeshResource resource)
    {
        emitter.Emit(new MappingStart());
        WriteKey(emitter, "apiVersion");
        WriteString(emitter, resource.ApiVersion);
        WriteKey(emitter, "kind");
        WriteString(emitter, resource.Kind.ToString());
        WriteKey(emitter, "metadata");
        WriteRecord(emitter, resource.Metadata);
        WriteKey(emitter, "spec");
        WriteRecord(emitter, resource.Spec);
        emitter.Emit(new MappingEnd());
    }

    // Recursion follows the record graph, which the binder built from a height-bounded node tree.
    private static void WriteRecord(IEmitter emitter, ConfigElement element)
    {
        var info = ConfigTypeInfo.For(element.GetType());
        var fields = info.Properties.Select(p => (p, Value: p.Get(element))).Where(f => f.Value is not null).ToList();
        emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, fields.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
        foreach (var (property, value) in fields)
        {
            WriteKey(emitter, property.Key);
            WriteValue(emitter, value!, property.Shape);
        }

        emitter.Emit(new MappingEnd());
    }

    private static void WriteValue(IEmitter emitter, object value, ValueShape shape)
    {
        switch (shape.Kind)
        {
            case ValueShapeKind.Record:
                WriteRecord(emitter, (ConfigElement)value);
                break;
            case ValueShapeKind.List:
                var items = ValueShape.ListItems(value).ToList();
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in items)
                {
                    WriteValue(emitter, item!, shape.Element!);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case ValueShapeKind.Map:
                var entries = shape.MapEntries!(value).ToList();
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, entries.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, item) in entries)
                {
                    WriteKey(emitter, key);
                    WriteValue(emitter, item!, shape.Element!);
                }

                emitter.Emit(new MappingEnd());
                break;
            case ValueShapeKind.String:
                WriteString(emitter, (string)value);
                break;
            default:
                emitter.Emit(new Scalar(FormatScalar(value, shape)));
                break;
        }
    }

    private static void WriteKey(IEmitter emitter, string key) => WriteString(emitter, key);

    private static void WriteString(IEmitter emitter, string value)
    {
        // A string that YAML would read as null, a boolean or a number is quoted so that it stays a string.
        var style = LooksLikeAnotherType(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, true, true));
    }

    private static bool LooksLikeAnotherType(string value)
    {
        if (value.Length == 0 || value is "~" || value.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // YAML 1.1 booleans too, as Kubernetes tooling (go-yaml v2) still reads them.
        if (value.ToUpperInvariant() is "TRUE" or "FALSE" or "YES" or "NO" or "ON" or "OFF" or "Y" or "N")
        {
            return true;
        }

        var first = value[0];
        var second = value.Length > 1 ? value[1] : '\0';
        return char.IsAsciiDigit(first)
            || (first is '-' or '+' or '.' && (char.IsAsciiDigit(second) || second == '.'))
            || value.StartsWith(".inf", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith(".nan", StringComparison.OrdinalIgnoreCase);
    }

    private static string FormatScalar(object value, ValueShape shape) => shape.Kind switch
    {
        ValueShapeKind.Boolean => (bool)value ? "true" : "false",
        ValueShapeKind.Double => ((double)value).ToString("R", CultureInfo.InvariantCulture),
        ValueShapeKind.Duration => ((Duration)value).ToString(),
        ValueShapeKind.Enum => shape.Enum!.NameOf(value),
        ValueShapeKind.String => (string)value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static void Flatten(List<KeyValuePair<string, string?>> pairs, string path, ConfigElement element)
    {
        var info = ConfigTypeInfo.For(element.GetType());
        var any = false;
        foreach (var property in info.Properties)
        {
            var value = property.Get(element);
            if (value is not null)
            {
                Flatten(pairs, Key(path, property.Key), value, property.Shape);
                any = true;
            }
        }

        if (!any)
        {
            // An empty object is a key with no value, as configuration reads JSON's {}.
            pairs.Add(new(path, null));
        }
    }

    private static void Flatten(List<KeyValuePair<string, string?>> pairs, string path, object value, ValueShape shape)
    {
        switch (shape.Kind)
        {
            case ValueShapeKind.Record:
                Flatten(pairs, path, (ConfigElement)value);
                break;
            case ValueShapeKind.List:
                var index = 0;
                foreach (var item in ValueShape.ListItems(value))
                {
                    Flatten(pairs, Key(path, index++.ToString(CultureInfo.InvariantCulture)), item!, shape.Element!);
                }

                if (index == 0)
                {
                    pairs.Add(new(path, null));
                }

                break;
            case ValueShapeKind.Map:
                var count = 0;
                foreach (var (key, item) in shape.MapEntries!(value))
                {
                    Flatten(pairs, Key(path, key), item!, shape.Element!);
                    count++;
                }

                if (count == 0)
                {
                    pairs.Add(new(path, null));
                }

                break;
            default:
                pairs.Add(new(path, FormatScalar(value, shape)));
                break;
        }
    }

    private static string Key(string prefix, string key) => prefix.Length == 0 ? key : prefix + ConfigurationPath.KeyDelimiter + key;
}
