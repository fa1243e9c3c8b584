using MeshLib.Configuration.DestinationRule;

namespace MeshLib.Model;

/// <summary>The DestinationRules for one host merged as Istio merges them: subsets appended, the first top-level policy wins.</summary>
/// <param name="Host">The host the rules are for (FQDN or wildcard).</param>
/// <param name="TrafficPolicy">The first non-empty top-level traffic policy.</param>
/// <param name="Subsets">The subsets by name, first definition kept.</param>
/// <param name="Sources">The rules merged, as <c>Kind/namespace/name</c>.</param>
internal sealed record MergedDestinationRule(
    string Host,
    TrafficPolicyConfig? TrafficPolicy,
    IReadOnlyList<SubsetConfig> Subsets,
    IReadOnlyList<string> Sources)
{
    /// <summary>The subset named <paramref name="name"/>, if defined.</summary>
    public SubsetConfig? FindSubset(string name)
    {
        foreach (var subset in Subsets)
        {
            if (subset.Name == name)
            {
                return subset;
            }
        }

        return null;
    }
}
