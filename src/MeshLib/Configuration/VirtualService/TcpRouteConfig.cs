namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>TCPRoute</c>: match conditions and destinations for opaque TCP traffic.</summary>
public sealed record TcpRouteConfig : ConfigElement
{
    /// <summary>Match blocks, ORed; default: match everything.</summary>
    public EquatableList<L4MatchAttributesConfig>? Match { get; init; }

    /// <summary>Weighted destinations of the connection; required.</summary>
    public EquatableList<RouteDestinationConfig>? Route { get; init; }
}
