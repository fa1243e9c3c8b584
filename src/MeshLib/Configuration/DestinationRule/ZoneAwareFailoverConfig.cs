namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ZoneAwareLoadBalancerSetting.Failover</c>: failover target region for a source region.</summary>
public sealed record ZoneAwareFailoverConfig : ConfigElement
{
    /// <summary>Originating region.</summary>
    public string? From { get; init; }

    /// <summary>Region traffic fails over to when the local region is unhealthy.</summary>
    public string? To { get; init; }
}
