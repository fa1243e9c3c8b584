namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>LoadBalancerSettings</c>: load balancing policy for a destination.</summary>
public sealed record LoadBalancerSettingsConfig : ConfigElement
{
    /// <summary>Simple algorithm (oneof with consistentHash); default LEAST_REQUEST.</summary>
    public SimpleLb? Simple { get; init; }

    /// <summary>Consistent-hash (soft affinity) balancing (oneof with simple).</summary>
    public ConsistentHashLbConfig? ConsistentHash { get; init; }

    /// <summary>Locality weighting/failover; replaces the mesh-wide setting entirely.</summary>
    public LocalityLoadBalancerSettingConfig? LocalityLbSetting { get; init; }

    /// <summary>Automatic zone-aware routing; cannot be combined with localityLbSetting.</summary>
    public ZoneAwareLoadBalancerSettingConfig? ZoneAwareLbSetting { get; init; }

    /// <summary>Slow-start window for new endpoints (a Duration despite the name); deprecated in favour of warmup.</summary>
    public Duration? WarmupDurationSecs { get; init; }

    /// <summary>Slow-start settings for new endpoints; cannot be combined with warmupDurationSecs.</summary>
    public WarmupConfig? Warmup { get; init; }
}
