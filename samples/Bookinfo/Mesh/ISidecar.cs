using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Management;

namespace Bookinfo.Mesh;

/// <summary>The configuration a sidecar has in force, as the local kubectl compares it with what was applied.</summary>
/// <param name="Version">The sidecar's configuration version (new on every applied reload).</param>
/// <param name="Namespace">The namespace resources without one belong to.</param>
/// <param name="Resources">The resources in force.</param>
/// <param name="Errors">The errors of the last rejected reload (empty when the last reload was applied).</param>
public sealed record SidecarConfig(long Version, string Namespace, IReadOnlyList<MeshResource> Resources, IReadOnlyList<string> Errors);

/// <summary>A workload's sidecar, in this process (a mesh in the app) or as a MeshLib sidecar process.</summary>
public interface ISidecar
{
    /// <summary>The workload it serves (<c>reviews-v2</c>, <c>runner</c>).</summary>
    string Name { get; }

    /// <summary>Reads the configuration it has in force.</summary>
    Task<SidecarConfig> ReadConfigAsync(CancellationToken cancellationToken);
}

/// <summary>The mesh inside an app (<c>AddMesh()</c>): its <see cref="MeshConfigManager"/> is read directly.</summary>
internal sealed class InProcessSidecar(string name, MeshConfigManager manager) : ISidecar
{
    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public Task<SidecarConfig> ReadConfigAsync(CancellationToken cancellationToken)
    {
        var snapshot = manager.Current;
        var errors = manager.LastReloadFailed
            ? manager.LastDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList()
            : [];
        return Task.FromResult(new SidecarConfig(snapshot.Version, snapshot.Namespace, snapshot.Resources, errors));
    }
}
