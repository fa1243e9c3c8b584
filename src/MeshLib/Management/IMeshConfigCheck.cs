using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;

namespace MeshLib.Management;

/// <summary>
/// Rules a host adds to validation (registered in DI): the sidecar checks what its gateway listeners can serve.
/// Its errors reject a configuration exactly as Istio's rules do: a bad start fails, a bad reload keeps the last good one.
/// </summary>
internal interface IMeshConfigCheck
{
    /// <summary>Adds the problems of <paramref name="resources"/> to <paramref name="diagnostics"/>.</summary>
    /// <param name="resources">The resources, as loaded (possibly with errors already reported).</param>
    /// <param name="defaultNamespace">The namespace of resources that name none.</param>
    /// <param name="diagnostics">Where problems go.</param>
    void Check(IReadOnlyList<MeshResource> resources, string defaultNamespace, List<ConfigDiagnostic> diagnostics);
}
