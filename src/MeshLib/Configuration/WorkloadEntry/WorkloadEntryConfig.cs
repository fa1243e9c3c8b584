namespace MeshLib.Configuration.WorkloadEntry;

/// <summary>The spec of an Istio <c>WorkloadEntry</c>.</summary>
public sealed record WorkloadEntryConfig : ConfigElement
{
}
