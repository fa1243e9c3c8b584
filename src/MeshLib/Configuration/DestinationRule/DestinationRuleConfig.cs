namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>DestinationRule</c> spec: policies applied to traffic for a service after routing.</summary>
public sealed record DestinationRuleConfig : ConfigElement
{
    /// <summary>Registry service the rule applies to (short names resolve in the rule's namespace); required.</summary>
    public string? Host { get; init; }

    /// <summary>Service-level traffic policy (load balancing, pool sizes, outlier detection, TLS).</summary>
    public TrafficPolicyConfig? TrafficPolicy { get; init; }

    /// <summary>Named subsets (versions) of the service; names must be unique.</summary>
    public EquatableList<SubsetConfig>? Subsets { get; init; }

    /// <summary>Namespaces the rule is visible to (<c>.</c> or <c>*</c>); default all namespaces.</summary>
    public EquatableList<string>? ExportTo { get; init; }

    /// <summary>Client workloads (in the rule's namespace) the rule applies to; default all.</summary>
    public DestinationRuleWorkloadSelectorConfig? WorkloadSelector { get; init; }
}
