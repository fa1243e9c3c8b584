namespace MeshLib.Configuration;

/// <summary>
/// Names the YAML key of a configuration property when it is not the camelCase form of the property name,
/// or when its snake_case alias cannot be derived by splitting at capitals (<c>consecutive_5xx_errors</c>).
/// </summary>
/// <param name="name">The camelCase key, as in the Istio CRD.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigKeyAttribute(string name) : Attribute
{
    /// <summary>The camelCase key, as in the Istio CRD.</summary>
    public string Name { get; } = name;

    /// <summary>The protobuf (snake_case) field name, also accepted on input.</summary>
    public string? ProtoName { get; init; }
}
