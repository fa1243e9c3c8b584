namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPRouteDestination</c>: a weighted HTTP destination with its own header operations.</summary>
public sealed record HttpRouteDestinationConfig : ConfigElement
{
    /// <summary>The service (and subset, port) that receives the request; required.</summary>
    public DestinationConfig? Destination { get; init; }

    /// <summary>Relative share of traffic (weight / sum of weights); default: 0 (100% for a single destination).</summary>
    public int? Weight { get; init; }

    /// <summary>Header operations for this destination only; default: none.</summary>
    public HeadersConfig? Headers { get; init; }
}
