using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.VirtualService;
using MeshLib.Configuration.WorkloadEntry;

namespace MeshLib.Configuration.Parsing;

/// <summary>The kinds MeshLib reads, by their YAML name, and the record type of each kind's <c>spec</c>.</summary>
internal static class ResourceKinds
{
    /// <summary>The spec record type of each kind.</summary>
    public static IReadOnlyDictionary<ResourceKind, Type> SpecTypes { get; } = new Dictionary<ResourceKind, Type>
    {
        [ResourceKind.VirtualService] = typeof(VirtualServiceConfig),
        [ResourceKind.DestinationRule] = typeof(DestinationRuleConfig),
        [ResourceKind.ServiceEntry] = typeof(ServiceEntryConfig),
        [ResourceKind.WorkloadEntry] = typeof(WorkloadEntryConfig),
        [ResourceKind.Gateway] = typeof(GatewayConfig),
    };

    private static readonly Dictionary<string, ResourceKind> ByName =
        Enum.GetValues<ResourceKind>().ToDictionary(k => k.ToString(), StringComparer.Ordinal);

    /// <summary>The spec record type of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The record type.</returns>
    public static Type SpecTypeOf(ResourceKind kind) => SpecTypes[kind];

    /// <summary>Reads a <c>kind</c> as written (case-sensitive, as Kubernetes reads it).</summary>
    /// <param name="name">The kind as written.</param>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> when the name is one of MeshLib's kinds.</returns>
    public static bool TryParse(string name, out ResourceKind kind) => ByName.TryGetValue(name, out kind);
}
