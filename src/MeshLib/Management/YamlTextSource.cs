using MeshLib.Configuration;

namespace MeshLib.Management;

/// <summary>Resources from a YAML string given in code (tests, samples).</summary>
internal sealed class YamlTextSource(string yaml, string sourceName) : MeshConfigSource
{
    public override ConfigLoadResult Load(string defaultNamespace) => MeshConfigLoader.LoadYaml(yaml, sourceName, defaultNamespace);
}
