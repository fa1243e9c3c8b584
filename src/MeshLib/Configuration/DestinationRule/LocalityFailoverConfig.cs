namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>LocalityLoadBalancerSetting.Failover</c>: failover target region for a source region.</summary>
public sealed record LocalityFailoverConfig : ConfigElement
{
    /// <summary>Originating region.</summary>
    public string? From { get; init; }

    /// <summary>Region traffic fails over to when endpoints in <c>from</c> are unhealthy.</summary>
    public string? To { get; init; }
}
