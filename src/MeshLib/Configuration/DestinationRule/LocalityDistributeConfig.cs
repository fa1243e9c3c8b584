namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>LocalityLoadBalancerSetting.Distribute</c>: weights for traffic from one locality.</summary>
public sealed record LocalityDistributeConfig : ConfigElement
{
    /// <summary>Originating locality <c>region/zone/subzone</c>, trailing <c>*</c> allowed.</summary>
    public string? From { get; init; }

    /// <summary>Destination locality to weight; weights must sum to 100, unlisted localities get none.</summary>
    public EquatableDictionary<uint>? To { get; init; }
}
