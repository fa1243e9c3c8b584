namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>istio.type.v1beta1.WorkloadSelector</c>: selects client workloads by pod labels.</summary>
public sealed record DestinationRuleWorkloadSelectorConfig : ConfigElement
{
    /// <summary>Labels a workload must all carry to be selected; empty selects all workloads in the namespace.</summary>
    public EquatableDictionary<string>? MatchLabels { get; init; }
}
