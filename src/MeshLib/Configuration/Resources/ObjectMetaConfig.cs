namespace MeshLib.Configuration.Resources;

/// <summary>The Kubernetes <c>metadata</c> of a resource: the parts MeshLib uses, and the ones <c>kubectl get -o yaml</c> adds.</summary>
public sealed record ObjectMetaConfig : ConfigElement
{
    /// <summary>The resource name.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace; when absent, the mesh's configured namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Labels of the resource.</summary>
    public EquatableDictionary<string>? Labels { get; init; }

    /// <summary>Annotations of the resource.</summary>
    public EquatableDictionary<string>? Annotations { get; init; }

    /// <summary>Server-assigned unique id (read and kept, not used).</summary>
    public string? Uid { get; init; }

    /// <summary>Server-assigned version (read and kept, not used).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Server-assigned generation (read and kept, not used).</summary>
    public long? Generation { get; init; }

    /// <summary>Server-assigned creation time (read and kept; orders otherwise equal resources as Istio does, oldest first).</summary>
    public string? CreationTimestamp { get; init; }
}
