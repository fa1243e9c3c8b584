namespace MeshLib.Configuration.ServiceEntry;

/// <summary>Istio <c>networking.v1alpha3.WorkloadSelector</c>: selects workloads by labels.</summary>
public sealed record WorkloadSelectorConfig : ConfigElement
{
    /// <summary>Labels a workload must all carry to be selected.</summary>
    public EquatableDictionary<string>? Labels { get; init; }
}
