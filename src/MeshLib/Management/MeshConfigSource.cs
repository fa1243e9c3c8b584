using MeshLib.Configuration;
using Microsoft.Extensions.Primitives;

namespace MeshLib.Management;

/// <summary>One place mesh resources come from: YAML files, YAML text or an <c>IConfiguration</c> section.</summary>
internal abstract class MeshConfigSource
{
    /// <summary>Reads the resources now; problems are returned as diagnostics, never thrown.</summary>
    /// <param name="defaultNamespace">The namespace of resources that name none.</param>
    public abstract ConfigLoadResult Load(string defaultNamespace);

    /// <summary>A token that fires when the source changes, or <see langword="null"/> when it never does.</summary>
    public virtual IChangeToken? Watch() => null;
}
