namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>RouteDestination</c>: a weighted destination of a TCP or TLS route.</summary>
public sealed record RouteDestinationConfig : ConfigElement
{
    /// <summary>The service (and subset, port) that receives the connection; required.</summary>
    public DestinationConfig? Destination { get; init; }

    /// <summary>Relative share of connections; default: 0 (100% for a single destination).</summary>
    public int? Weight { get; init; }
}
