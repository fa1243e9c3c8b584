using System.Collections.Concurrent;
using System.Reflection;

namespace MeshLib.Configuration.Parsing;

/// <summary>
/// The binding metadata of one <see cref="ConfigElement"/> record type: its properties in declaration order
/// and a lookup by camelCase and snake_case key. Built once per type, so binding does no reflection lookups.
/// </summary>
internal sealed class ConfigTypeInfo
{
    private static readonly ConcurrentDictionary<Type, ConfigTypeInfo> Cache = new();

    private static readonly PropertyInfo SourceProperty = typeof(ConfigElement).GetProperty(nameof(ConfigElement.Source))!;

    private static readonly PropertyInfo FieldSourcesProperty = typeof(ConfigElement).GetProperty(nameof(ConfigElement.FieldSources))!;

    private readonly Dictionary<string, ConfigPropertyInfo> _byKey = new(StringComparer.Ordinal);

    private ConfigTypeInfo(Type type)
    {
        Type = type;
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidOperationException($"configuration record {type} has no parameterless constructor");
        }

        var properties = new List<ConfigPropertyInfo>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Source and FieldSources are the binder's own; computed (get-only) properties are not configuration.
            if (property.DeclaringType == typeof(ConfigElement)
                || property.GetIndexParameters().Length > 0
                || property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            var info = new ConfigPropertyInfo(property);
            if (!_byKey.TryAdd(info.Key, info) || (info.ProtoName != info.Key && !_byKey.TryAdd(info.ProtoName, info)))
            {
                throw new InvalidOperationException($"configuration record {type.Name} has two properties named \"{info.Key}\"");
            }

            properties.Add(info);
        }

        Properties = properties;
        Name = type.Name.EndsWith("Config", StringComparison.Ordinal) ? type.Name[..^"Config".Length] : type.Name;
    }

    /// <summary>The record type.</summary>
    public Type Type { get; }

    /// <summary>The type's name without the <c>Config</c> suffix, for messages.</summary>
    public string Name { get; }

    /// <summary>The bindable properties, in declaration order.</summary>
    public IReadOnlyList<ConfigPropertyInfo> Properties { get; }

    /// <summary>The metadata of <paramref name="type"/>.</summary>
    /// <param name="type">A non-abstract <see cref="ConfigElement"/> record type.</param>
    /// <returns>The cached metadata.</returns>
    /// <exception cref="InvalidOperationException">The type uses a property type the binder does not support.</exception>
    public static ConfigTypeInfo For(Type type) => Cache.GetOrAdd(type, t => new ConfigTypeInfo(t));

    /// <summary>Finds the property written as <paramref name="key"/> (camelCase or snake_case).</summary>
    /// <param name="key">The key as written.</param>
    /// <param name="property">The property.</param>
    /// <returns><see langword="true"/> when the key names a property.</returns>
    public bool TryGetProperty(string key, out ConfigPropertyInfo property) => _byKey.TryGetValue(key, out property!);

    /// <summary>Creates an empty record carrying its source locations.</summary>
    /// <param name="source">Where the record starts.</param>
    /// <param name="fieldSources">Where each field was written, by camelCase key.</param>
    /// <returns>The record, to be filled with <see cref="ConfigPropertyInfo.Set"/>.</returns>
    public ConfigElement Create(SourceLocation? source, IReadOnlyDictionary<string, SourceLocation>? fieldSources)
    {
        var element = (ConfigElement)Activator.CreateInstance(Type)!;
        SourceProperty.SetValue(element, source);
        FieldSourcesProperty.SetValue(element, fieldSources);
        return element;
    }
}
