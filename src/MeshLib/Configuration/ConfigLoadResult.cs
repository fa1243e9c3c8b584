using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;

namespace MeshLib.Configuration;

/// <summary>What <see cref="MeshConfigLoader"/> read: the resources, every problem found, and the documents it skipped.</summary>
public sealed class ConfigLoadResult
{
    internal ConfigLoadResult(
        IReadOnlyList<MeshResource> resources,
        IReadOnlyList<ConfigDiagnostic> diagnostics,
        IReadOnlyList<string> skipped,
        string? @namespace)
    {
        Resources = resources;
        Diagnostics = diagnostics;
        Skipped = skipped;
        Namespace = @namespace;
        HasErrors = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>The resources read without error, in file order (files in the order loaded).</summary>
    public IReadOnlyList<MeshResource> Resources { get; }

    /// <summary>Every problem found, with file, line, column, resource and field.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error; then the configuration as a whole must not be used.</summary>
    public bool HasErrors { get; }

    /// <summary>
    /// Documents skipped because their kind is not one MeshLib reads (a Kubernetes <c>Service</c> next to a
    /// <c>VirtualService</c>), one line each, for a debug log.
    /// </summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The namespace named by the configuration section's <c>Namespace</c> key, if any.</summary>
    public string? Namespace { get; }
}
