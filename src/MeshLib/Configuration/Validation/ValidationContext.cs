using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Collects the problems of one resource. Each problem names the field by its path from the resource
/// (<c>spec.http[0].timeout</c>) and points at the most precise source location known for it.
/// </summary>
internal sealed class ValidationContext(MeshResource resource, string defaultNamespace, List<ConfigDiagnostic> sink)
{
    /// <summary>The resource being validated.</summary>
    public MeshResource Resource { get; } = resource;

    /// <summary>The namespace the resource lives in.</summary>
    public string Namespace { get; } = resource.NamespaceOr(defaultNamespace);

    /// <summary>The resource as <c>Kind/namespace/name</c>.</summary>
    public string ResourceRef { get; } = resource.Reference(defaultNamespace);

    /// <summary>Reports an error on <paramref name="field"/> of <paramref name="owner"/>, found at <paramref name="path"/>.</summary>
    public void Error(ConfigElement? owner, string path, string? field, string message) =>
        Add(DiagnosticSeverity.Error, owner, path, field, message);

    /// <summary>Reports a warning on <paramref name="field"/> of <paramref name="owner"/>, found at <paramref name="path"/>.</summary>
    public void Warning(ConfigElement? owner, string path, string? field, string message) =>
        Add(DiagnosticSeverity.Warning, owner, path, field, message);

    private void Add(DiagnosticSeverity severity, ConfigElement? owner, string path, string? field, string message)
    {
        var location = (field is null ? owner?.Source : owner?.LocationOf(field)) ?? Resource.Source;
        var fieldPath = field is null ? path : Join(path, field);
        sink.Add(new ConfigDiagnostic(severity, location, ResourceRef, fieldPath, message));
    }

    /// <summary>Joins a path and a field: <c>spec.http[0]</c> + <c>timeout</c>.</summary>
    public static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    /// <summary>Appends an index: <c>spec.http</c> + 0 = <c>spec.http[0]</c>.</summary>
    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>Appends a map key: <c>spec.http[0].match[0].headers</c> + <c>end-user</c>.</summary>
    public static string Key(string path, string key) => $"{path}[{key}]";
}
