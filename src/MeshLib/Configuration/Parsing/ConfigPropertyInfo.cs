using System.Reflection;
using System.Text;

namespace MeshLib.Configuration.Parsing;

/// <summary>One bindable property of a configuration record: its keys, its shape and how to set and get it.</summary>
internal sealed class ConfigPropertyInfo
{
    private readonly PropertyInfo _property;

    /// <summary>Describes <paramref name="property"/>.</summary>
    /// <param name="property">A public <c>{ get; init; }</c> property of a <see cref="ConfigElement"/> record.</param>
    public ConfigPropertyInfo(PropertyInfo property)
    {
        _property = property;
        var attribute = property.GetCustomAttribute<ConfigKeyAttribute>();
        Key = attribute?.Name ?? char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
        ProtoName = attribute?.ProtoName ?? SnakeCase(Key);
        Shape = ValueShape.For(property.PropertyType);
    }

    /// <summary>The camelCase key, as written in Istio's YAML.</summary>
    public string Key { get; }

    /// <summary>The snake_case protobuf name, also accepted on input.</summary>
    public string ProtoName { get; }

    /// <summary>The CLR property name.</summary>
    public string Name => _property.Name;

    /// <summary>How the value is read and written.</summary>
    public ValueShape Shape { get; }

    /// <summary>Sets the property of a record that is still being built.</summary>
    /// <param name="target">The record.</param>
    /// <param name="value">The value.</param>
    public void Set(object target, object? value) => _property.SetValue(target, value);

    /// <summary>Reads the property.</summary>
    /// <param name="target">The record.</param>
    /// <returns>The value.</returns>
    public object? Get(object target) => _property.GetValue(target);

    /// <summary>Derives the protobuf name: <c>perTryTimeout</c> becomes <c>per_try_timeout</c>.</summary>
    /// <param name="camel">The camelCase key.</param>
    /// <returns>The snake_case name.</returns>
    public static string SnakeCase(string camel)
    {
        var builder = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
