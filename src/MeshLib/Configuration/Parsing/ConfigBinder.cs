using System.Globalization;
using MeshLib.Configuration.Diagnostics;

namespace MeshLib.Configuration.Parsing;

/// <summary>
/// Binds a <see cref="ConfigNode"/> tree to <see cref="ConfigElement"/> records, as strictly as
/// <c>istioctl validate</c> reads a resource: unknown fields, wrong shapes, malformed numbers, enums and
/// durations are errors. It keeps going after an error so that every problem is reported at once; a field
/// whose value is in error is left unset. Every record gets its <see cref="ConfigElement.Source"/> and
/// <see cref="ConfigElement.FieldSources"/>.
/// </summary>
internal sealed class ConfigBinder
{
    private readonly ICollection<ConfigDiagnostic> _diagnostics;
    private readonly string? _resource;

    /// <summary>Creates a binder that reports into <paramref name="diagnostics"/>.</summary>
    /// <param name="diagnostics">Receives every error found.</param>
    /// <param name="resource">The resource being bound (<c>Kind/namespace/name</c>), named in every error.</param>
    public ConfigBinder(ICollection<ConfigDiagnostic> diagnostics, string? resource = null)
    {
        _diagnostics = diagnostics;
        _resource = resource;
    }

    /// <summary>How many errors this binder has reported.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Binds <paramref name="node"/> to a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="node">A mapping (a plain null gives <see langword="null"/>).</param>
    /// <param name="path">The field path of <paramref name="node"/>, such as <c>spec</c>.</param>
    /// <returns>The record, or <see langword="null"/> when the node is null or not a mapping.</returns>
    public T? Bind<T>(ConfigNode node, string path = "")
        where T : ConfigElement => (T?)Bind(node, typeof(T), path);

    /// <summary>Binds <paramref name="node"/> to a record of type <paramref name="recordType"/>.</summary>
    /// <param name="node">A mapping (a plain null gives <see langword="null"/>).</param>
    /// <param name="recordType">A non-abstract <see cref="ConfigElement"/> type.</param>
    /// <param name="path">The field path of <paramref name="node"/>.</param>
    /// <returns>The record, or <see langword="null"/> when the node is null or not a mapping.</returns>
    public ConfigElement? Bind(ConfigNode node, Type recordType, string path = "") =>
        (ConfigElement?)BindValue(node, ValueShape.For(recordType), path);

    // Recursion follows the node tree, whose height the readers bound (ParseLimits.MaxDepth).
    private object? BindValue(ConfigNode node, ValueShape shape, string path)
    {
        if (node is ScalarNode { EmptyCollection: true } empty && IsCollection(shape))
        {
            return shape.Kind switch
            {
                ValueShapeKind.Record => shape.Record!.Create(empty.Location, new Dictionary<string, SourceLocation>()),
                ValueShapeKind.List => shape.ListFactory!([]),
                _ => shape.MapFactory!([]),
            };
        }

        if (node is ScalarNode { IsPlainNull: true })
        {
            return null;
        }

        switch (shape.Kind)
        {
            case ValueShapeKind.Record:
                return BindRecord(node, shape.Record!, path);
            case ValueShapeKind.List:
                return BindList(node, shape, path);
            case ValueShapeKind.Map:
                return BindMap(node, shape, path);
        }

        if (node is not ScalarNode scalar)
        {
            return Mismatch(node, shape, path);
        }

        var text = scalar.Value;
        switch (shape.Kind)
        {
            case ValueShapeKind.String:
                return text;
            case ValueShapeKind.Boolean:
                if (bool.TryParse(text, out var flag))
                {
                    return flag;
                }

                return Mismatch(node, shape, path);
            case ValueShapeKind.Int32:
                return BindInteger(scalar, shape, path, int.MinValue, int.MaxValue, static v => (int)v);
            case ValueShapeKind.UInt32:
                return BindInteger(scalar, shape, path, uint.MinValue, uint.MaxValue, static v => (uint)v);
            case ValueShapeKind.Int64:
                return BindInteger(scalar, shape, path, long.MinValue, long.MaxValue, static v => (long)v);
            case ValueShapeKind.UInt64:
                return BindInteger(scalar, shape, path, ulong.MinValue, ulong.MaxValue, static v => (ulong)v);
            case ValueShapeKind.Double:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    return number;
                }

                return Mismatch(node, shape, path);
            case ValueShapeKind.Duration:
                if (Duration.TryParse(text, out var duration, out var error))
                {
                    return duration;
                }

                return Report(node.Location, path, error!);
            case ValueShapeKind.Enum:
                if (shape.Enum!.TryParse(text, out var member))
                {
                    return member;
                }

                return Report(node.Location, path, $"invalid value {scalar.Describe()}, expected {shape.Expected}");
            default:
                throw new InvalidOperationException($"unexpected shape {shape.Kind}");
        }
    }

    private ConfigElement? BindRecord(ConfigNode node, ConfigTypeInfo info, string path)
    {
        if (node is not MappingNode mapping)
        {
            return (ConfigElement?)Mismatch(node, "an object", path);
        }

        var fieldSources = new Dictionary<string, SourceLocation>(mapping.Entries.Count, StringComparer.Ordinal);
        var writtenAs = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new List<(ConfigPropertyInfo Property, object Value)>(mapping.Entries.Count);
        foreach (var (key, value) in mapping.Entries)
        {
            if (!info.TryGetProperty(key.Value, out var property))
            {
                Report(key.Location, path, $"unknown field \"{key.Value}\"");
                continue;
            }

            // The camelCase and snake_case spellings of one field are one field.
            if (!writtenAs.TryAdd(property.Key, key.Value))
            {
                Report(key.Location, path, $"duplicate field \"{key.Value}\" (already given as \"{writtenAs[property.Key]}\")");
                continue;
            }

            fieldSources[property.Key] = key.Location;
            var bound = BindValue(value, property.Shape, FieldPath.Field(path, property.Key));
            if (bound is not null)
            {
                values.Add((property, bound));
            }
        }

        var element = info.Create(mapping.Location, fieldSources);
        foreach (var (property, value) in values)
        {
            property.Set(element, value);
        }

        return element;
    }

    private object? BindList(ConfigNode node, ValueShape shape, string path)
    {
        if (node is not SequenceNode sequence)
        {
            return Mismatch(node, shape, path);
        }

        var items = new List<object?>(sequence.Items.Count);
        var failed = false;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = BindElement(sequence.Items[i], shape.Element!, FieldPath.Index(path, i));
            failed |= item is null;
            items.Add(item);
        }

        return failed ? null : shape.ListFactory!(items);
    }

    private object? BindMap(ConfigNode node, ValueShape shape, string path)
    {
        if (node is not MappingNode mapping)
        {
            return Mismatch(node, shape, path);
        }

        var entries = new List<KeyValuePair<string, object?>>(mapping.Entries.Count);
        var failed = false;
        foreach (var (key, value) in mapping.Entries)
        {
            var item = BindElement(value, shape.Element!, FieldPath.MapKey(path, key.Value));
            failed |= item is null;
            entries.Add(new KeyValuePair<string, object?>(key.Value, item));
        }

        return failed ? null : shape.MapFactory!(entries);
    }

    // List items and map values cannot be absent: a null string is the empty string (as Kubernetes reads
    // `label:`), a null of any other type is an error.
    private object? BindElement(ConfigNode node, ValueShape shape, string path)
    {
        if (node is ScalarNode { IsPlainNull: true } scalar && !(scalar.EmptyCollection && IsCollection(shape)))
        {
            return shape.Kind == ValueShapeKind.String ? string.Empty : Mismatch(node, shape, path);
        }

        return BindValue(node, shape, path);
    }

    private static bool IsCollection(ValueShape shape) =>
        shape.Kind is ValueShapeKind.Record or ValueShapeKind.List or ValueShapeKind.Map;

    private object? BindInteger(ScalarNode scalar, ValueShape shape, string path, Int128 min, Int128 max, Func<Int128, object> box)
    {
        var text = scalar.Value.AsSpan();
        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return Mismatch(scalar, shape, path);
        }

        // 40 digits exceed Int128, and any value that long is out of range for every target.
        if (digits.Length < 39
            && Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return box(value);
        }

        var name = shape.Expected[(shape.Expected.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        return Report(scalar.Location, path, string.Create(
            CultureInfo.InvariantCulture, $"value {scalar.Describe()} is out of range for {name} ({min} to {max})"));
    }

    private object? Mismatch(ConfigNode node, ValueShape shape, string path) => Mismatch(node, shape.Expected, path);

    private object? Mismatch(ConfigNode node, string expected, string path) =>
        Report(node.Location, path, $"expected {expected}, got {node.Describe()}");

    private object? Report(SourceLocation location, string path, string message)
    {
        ErrorCount++;
        _diagnostics.Add(new ConfigDiagnostic(DiagnosticSeverity.Error, location, _resource, path, message));
        return null;
    }
}
