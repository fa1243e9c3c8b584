namespace MeshLib.Configuration.Resources;

/// <summary>One Istio resource as written: the envelope (<c>apiVersion</c>, <c>kind</c>, <c>metadata</c>) and its typed <c>spec</c>.</summary>
public sealed record MeshResource : ConfigElement
{
    /// <summary>The API group version, one of <see cref="ApiVersions"/>.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>The kind of resource.</summary>
    public required ResourceKind Kind { get; init; }

    /// <summary>The metadata (name, namespace, labels).</summary>
    public required ObjectMetaConfig Metadata { get; init; }

    /// <summary>
    /// The spec: a <c>VirtualServiceConfig</c>, <c>DestinationRuleConfig</c>,
    /// <c>ServiceEntryConfig</c>, <c>WorkloadEntryConfig</c> or <c>GatewayConfig</c>.
    /// </summary>
    public required ConfigElement Spec { get; init; }

    /// <summary>The API versions of <c>networking.istio.io</c> that share this schema.</summary>
    public static IReadOnlyList<string> ApiVersions { get; } =
        ["networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"];

    /// <summary>The namespace of this resource, or <paramref name="defaultNamespace"/> when the metadata names none.</summary>
    /// <param name="defaultNamespace">The mesh's configured namespace.</param>
    /// <returns>The effective namespace.</returns>
    public string NamespaceOr(string defaultNamespace) =>
        string.IsNullOrEmpty(Metadata.Namespace) ? defaultNamespace : Metadata.Namespace;

    /// <summary>The reference used in messages: <c>Kind/namespace/name</c>.</summary>
    /// <param name="defaultNamespace">The mesh's configured namespace.</param>
    /// <returns>The reference.</returns>
    public string Reference(string defaultNamespace) => $"{Kind}/{NamespaceOr(defaultNamespace)}/{Metadata.Name}";
}
