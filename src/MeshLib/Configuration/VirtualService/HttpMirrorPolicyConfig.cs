namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPMirrorPolicy</c>: one mirror destination with its share of traffic.</summary>
public sealed record HttpMirrorPolicyConfig : ConfigElement
{
    /// <summary>Destination that receives the copy of the traffic; required.</summary>
    public DestinationConfig? Destination { get; init; }

    /// <summary>Share of traffic mirrored; default: 100% when absent.</summary>
    public PercentConfig? Percentage { get; init; }
}
