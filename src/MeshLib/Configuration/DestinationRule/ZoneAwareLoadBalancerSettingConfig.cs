namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ZoneAwareLoadBalancerSetting</c>: automatic same-zone routing with spill-over by endpoint counts.</summary>
public sealed record ZoneAwareLoadBalancerSettingConfig : ConfigElement
{
    /// <summary>Enables zone-aware routing (BoolValue); default unset (off).</summary>
    public bool? Enabled { get; init; }

    /// <summary>Ordering of cross-region failover tiers.</summary>
    public EquatableList<ZoneAwareFailoverConfig>? Failover { get; init; }

    /// <summary>Ordered labels (keys or key=value) defining priority tiers; region/zone/subzone labels not allowed.</summary>
    public EquatableList<string>? FailoverPriority { get; init; }

    /// <summary>Minimum hosts in the local region for zone-aware routing to engage (UInt64Value); default 6.</summary>
    public ulong? MinClusterSize { get; init; }
}
