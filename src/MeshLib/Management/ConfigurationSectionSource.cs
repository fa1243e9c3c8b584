using MeshLib.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace MeshLib.Management;

/// <summary>Resources from an <c>IConfiguration</c> section shaped as <c>{ Namespace, Resources: [...] }</c>; reloads with it.</summary>
internal sealed class ConfigurationSectionSource(IConfiguration section) : MeshConfigSource
{
    public override ConfigLoadResult Load(string defaultNamespace) => MeshConfigLoader.LoadConfiguration(section);

    public override IChangeToken? Watch() => section.GetReloadToken();
}
