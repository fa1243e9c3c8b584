namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>TLSRoute</c>: match conditions and destinations for unterminated TLS traffic.</summary>
public sealed record TlsRouteConfig : ConfigElement
{
    /// <summary>Match blocks, ORed; at least one required.</summary>
    public EquatableList<TlsMatchAttributesConfig>? Match { get; init; }

    /// <summary>Weighted destinations of the connection; required.</summary>
    public EquatableList<RouteDestinationConfig>? Route { get; init; }
}
