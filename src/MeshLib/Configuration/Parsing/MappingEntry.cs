namespace MeshLib.Configuration.Parsing;

/// <summary>One <c>key: value</c> pair of a <see cref="MappingNode"/>.</summary>
/// <param name="Key">The key, with where it was written.</param>
/// <param name="Value">The value.</param>
internal readonly record struct MappingEntry(ScalarNode Key, ConfigNode Value);
