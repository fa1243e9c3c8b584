namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>LocalityLoadBalancerSetting</c>: locality-weighted balancing and failover.</summary>
public sealed record LocalityLoadBalancerSettingConfig : ConfigElement
{
    /// <summary>Traffic split from a source locality to destination localities (only one of distribute, failover, failoverPriority).</summary>
    public EquatableList<LocalityDistributeConfig>? Distribute { get; init; }

    /// <summary>Region to fail over to when the local region is unhealthy (only one of distribute, failover, failoverPriority).</summary>
    public EquatableList<LocalityFailoverConfig>? Failover { get; init; }

    /// <summary>Ordered label keys or key=value pairs ranking endpoints for failover.</summary>
    public EquatableList<string>? FailoverPriority { get; init; }

    /// <summary>Enables locality load balancing (BoolValue); unset keeps the mesh default (enabled).</summary>
    public bool? Enabled { get; init; }
}
