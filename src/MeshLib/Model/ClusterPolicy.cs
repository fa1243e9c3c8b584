using MeshLib.Configuration.DestinationRule;

namespace MeshLib.Model;

/// <summary>
/// The DestinationRule policy that applies to one cluster after Istio's precedence (subset port-level &gt; subset &gt;
/// port-level &gt; top-level, each block replaced whole). A record, so that a reload can tell whether it changed.
/// </summary>
/// <param name="LoadBalancer">Load-balancer settings; null means LEAST_REQUEST.</param>
/// <param name="ConnectionPool">Connection-pool limits; null means Istio's defaults (unlimited).</param>
/// <param name="OutlierDetection">Outlier detection; null means nothing is ever ejected.</param>
/// <param name="Tls">Upstream TLS origination; null means plain text.</param>
internal sealed record ClusterPolicy(
    LoadBalancerSettingsConfig? LoadBalancer,
    ConnectionPoolSettingsConfig? ConnectionPool,
    OutlierDetectionConfig? OutlierDetection,
    ClientTlsSettingsConfig? Tls)
{
    /// <summary>No DestinationRule applies.</summary>
    public static ClusterPolicy Default { get; } = new(null, null, null, null);

    /// <summary>Resolves the policy for (port, subset) from a DestinationRule's top-level and subset policies, as Istio's <c>MergeSubsetTrafficPolicy</c>.</summary>
    public static ClusterPolicy Resolve(TrafficPolicyConfig? topLevel, TrafficPolicyConfig? subset, int port)
    {
        var (baseBlocks, _) = ForPort(topLevel, port);
        if (subset is null)
        {
            return baseBlocks;
        }

        var (subsetBlocks, subsetHadPortEntry) = ForPort(subset, port);
        if (subsetHadPortEntry)
        {
            // A subset port entry replaces all four blocks, even the ones it leaves unset.
            return subsetBlocks;
        }

        return new ClusterPolicy(
            subsetBlocks.LoadBalancer ?? baseBlocks.LoadBalancer,
            subsetBlocks.ConnectionPool ?? baseBlocks.ConnectionPool,
            subsetBlocks.OutlierDetection ?? baseBlocks.OutlierDetection,
            subsetBlocks.Tls ?? baseBlocks.Tls);
    }

    private static (ClusterPolicy Policy, bool FromPortEntry) ForPort(TrafficPolicyConfig? policy, int port)
    {
        if (policy is null)
        {
            return (Default, false);
        }

        foreach (var entry in policy.PortLevelSettings ?? [])
        {
            if (entry.Port?.Number == (uint)port)
            {
                return (new ClusterPolicy(entry.LoadBalancer, entry.ConnectionPool, entry.OutlierDetection, entry.Tls), true);
            }
        }

        return (new ClusterPolicy(policy.LoadBalancer, policy.ConnectionPool, policy.OutlierDetection, policy.Tls), false);
    }
}
