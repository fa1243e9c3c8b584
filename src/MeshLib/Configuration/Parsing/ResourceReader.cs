using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;

namespace MeshLib.Configuration.Parsing;

/// <summary>
/// Turns document nodes into <see cref="MeshResource"/>s: checks the envelope (<c>apiVersion</c>, <c>kind</c>,
/// <c>metadata</c>, <c>spec</c>; <c>status</c> is ignored), unwraps <c>kind: List</c>, skips kinds that are not
/// MeshLib's (a Kubernetes <c>Service</c> or <c>Deployment</c> in the same file), and binds metadata and spec.
/// A resource with any error is reported and left out.
/// </summary>
internal sealed class ResourceReader
{
    private const string ListKind = "List";

    // Groups that define a kind of the same name for another API (the Kubernetes Gateway API's Gateway);
    // anything else under one of our kinds is a typo of networking.istio.io and an error.
    private static readonly HashSet<string> ForeignGroups = new(StringComparer.Ordinal)
    {
        "gateway.networking.k8s.io",
        "gateway.networking.x-k8s.io",
    };

    private static readonly string ExpectedApiVersions = string.Join(", ", MeshResource.ApiVersions);

    private readonly ICollection<ConfigDiagnostic> _diagnostics;
    private readonly Func<ResourceKind, Type> _specTypeOf;
    private readonly string _defaultNamespace;

    /// <summary>Creates a reader.</summary>
    /// <param name="diagnostics">Receives every error found.</param>
    /// <param name="specTypeOf">The spec record type of each kind; <see cref="ResourceKinds.SpecTypeOf"/> when <see langword="null"/>.</param>
    /// <param name="defaultNamespace">The namespace named in messages for resources whose metadata names none.</param>
    public ResourceReader(ICollection<ConfigDiagnostic> diagnostics, Func<ResourceKind, Type>? specTypeOf = null, string? defaultNamespace = null)
    {
        _diagnostics = diagnostics;
        _specTypeOf = specTypeOf ?? ResourceKinds.SpecTypeOf;
        _defaultNamespace = string.IsNullOrEmpty(defaultNamespace) ? "default" : defaultNamespace;
    }

    /// <summary>Documents that were skipped because their kind is not MeshLib's, as <c>file:line:col: skipped v1 Service "name"</c>.</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>Reads one document: a resource, a <c>kind: List</c> of resources, or a kind that is skipped.</summary>
    /// <param name="document">The document's root node.</param>
    /// <param name="resources">Receives the resources read without error.</param>
    public void Read(ConfigNode document, ICollection<MeshResource> resources)
    {
        // Recursion (List inside List) is bounded by the node tree's height.
        if (document is not MappingNode mapping)
        {
            Report(document.Location, null, null, $"expected a resource (an object with apiVersion and kind), got {document.Describe()}");
            return;
        }

        var apiVersion = ReadString(mapping, "apiVersion", null);
        if (!mapping.TryGet("kind", out var kindEntry))
        {
            Report(mapping.Location, null, null, "missing field \"kind\"");
            return;
        }

        var kindName = ReadString(mapping, "kind", null);
        if (kindName is null)
        {
            return;
        }

        if (kindName == ListKind)
        {
            ReadList(mapping, resources);
            return;
        }

        var hasMetadata = mapping.TryGet("metadata", out var metadataEntry);
        var metadata = hasMetadata ? metadataEntry.Value as MappingNode : null;
        var name = metadata is not null && metadata.TryGet("name", out var nameEntry) && nameEntry.Value is ScalarNode { IsPlainNull: false } n
            ? n.Value
            : null;
        if (!ResourceKinds.TryParse(kindName, out var kind))
        {
            Skipped.Add($"{mapping.Location}: skipped {apiVersion ?? "(no apiVersion)"} {kindName} \"{name}\"");
            return;
        }

        var ns = metadata is not null && metadata.TryGet("namespace", out var nsEntry) && nsEntry.Value is ScalarNode { IsPlainNull: false, Value.Length: > 0 } s
            ? s.Value
            : _defaultNamespace;
        var reference = string.IsNullOrEmpty(name) ? kindName : $"{kindName}/{ns}/{name}";
        if (!CheckApiVersion(mapping, kindEntry, kindName, apiVersion, reference, name))
        {
            return;
        }

        var errors = 0;
        var fieldSources = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (key, _) in mapping.Entries)
        {
            if (key.Value is not ("apiVersion" or "kind" or "metadata" or "spec" or "status"))
            {
                Report(key.Location, reference, string.Empty, $"unknown field \"{key.Value}\"");
                errors++;
            }
            else if (key.Value != "status")
            {
                fieldSources[key.Value] = key.Location;
            }
        }

        var binder = new ConfigBinder(_diagnostics, reference);
        var meta = hasMetadata ? binder.Bind<ObjectMetaConfig>(metadataEntry.Value, "metadata") : null;
        if (string.IsNullOrEmpty(meta?.Name) && binder.ErrorCount == 0)
        {
            Report(hasMetadata ? metadataEntry.Value.Location : mapping.Location, reference, "metadata.name", "Required value: name is required");
            errors++;
        }

        var specType = ConfigTypeInfo.For(_specTypeOf(kind));
        var spec = mapping.TryGet("spec", out var specEntry) ? binder.Bind(specEntry.Value, specType.Type, "spec") : null;
        if (errors > 0 || binder.ErrorCount > 0)
        {
            return;
        }

        resources.Add(new MeshResource
        {
            Source = mapping.Location,
            FieldSources = fieldSources,
            ApiVersion = apiVersion!,
            Kind = kind,
            Metadata = meta!,
            // A resource without a spec is read as an empty one; validation says what it lacks.
            Spec = spec ?? specType.Create(mapping.Location, new Dictionary<string, SourceLocation>()),
        });
    }

    private bool CheckApiVersion(MappingNode mapping, MappingEntry kindEntry, string kindName, string? apiVersion, string reference, string? name)
    {
        if (apiVersion is null)
        {
            if (!mapping.TryGet("apiVersion", out _))
            {
                Report(kindEntry.Key.Location, reference, null, "missing field \"apiVersion\"");
            }

            return false;
        }

        if (MeshResource.ApiVersions.Contains(apiVersion))
        {
            return true;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && ForeignGroups.Contains(apiVersion[..slash]))
        {
            Skipped.Add($"{mapping.Location}: skipped {apiVersion} {kindName} \"{name}\"");
            return false;
        }

        mapping.TryGet("apiVersion", out var entry);
        Report(entry.Value.Location, reference, "apiVersion", $"apiVersion \"{apiVersion}\" is not supported for {kindName}, expected one of {ExpectedApiVersions}");
        return false;
    }

    private void ReadList(MappingNode mapping, ICollection<MeshResource> resources)
    {
        foreach (var (key, _) in mapping.Entries)
        {
            if (key.Value is not ("apiVersion" or "kind" or "metadata" or "items"))
            {
                Report(key.Location, ListKind, string.Empty, $"unknown field \"{key.Value}\"");
            }
        }

        if (!mapping.TryGet("items", out var items) || items.Value is ScalarNode { IsPlainNull: true })
        {
            return;
        }

        if (items.Value is not SequenceNode sequence)
        {
            Report(items.Value.Location, ListKind, "items", $"expected a list, got {items.Value.Describe()}");
            return;
        }

        foreach (var item in sequence.Items)
        {
            Read(item, resources);
        }
    }

    // A missing key gives null silently; a key whose value is not a string is reported.
    private string? ReadString(MappingNode mapping, string key, string? reference)
    {
        if (!mapping.TryGet(key, out var entry))
        {
            return null;
        }

        if (entry.Value is ScalarNode { IsPlainNull: false } scalar)
        {
            return scalar.Value;
        }

        Report(entry.Value.Location, reference, key, $"expected a string, got {entry.Value.Describe()}");
        return null;
    }

    private void Report(SourceLocation location, string? resource, string? path, string message) =>
        _diagnostics.Add(new ConfigDiagnostic(DiagnosticSeverity.Error, location, resource, path, message));
}
