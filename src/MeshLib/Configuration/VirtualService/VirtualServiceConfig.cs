namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>VirtualService</c> spec: routing rules applied when a host is addressed.</summary>
public sealed record VirtualServiceConfig : ConfigElement
{
    /// <summary>Destination hosts the rules apply to (DNS name, wildcard prefix, or IP for gateways); required except on a delegate; default: none.</summary>
    public EquatableList<string>? Hosts { get; init; }

    /// <summary>Gateways and sidecars (<c>mesh</c>) that apply these routes, as <c>ns/name</c> or <c>name</c>; default: <c>[mesh]</c>.</summary>
    public EquatableList<string>? Gateways { get; init; }

    /// <summary>Ordered HTTP route rules; the first match wins; default: none.</summary>
    public EquatableList<HttpRouteConfig>? Http { get; init; }

    /// <summary>Ordered route rules for unterminated TLS/HTTPS traffic, routed by SNI; default: none.</summary>
    public EquatableList<TlsRouteConfig>? Tls { get; init; }

    /// <summary>Ordered route rules for opaque TCP traffic; default: none.</summary>
    public EquatableList<TcpRouteConfig>? Tcp { get; init; }

    /// <summary>Namespaces this VirtualService is visible to (<c>.</c> = own, <c>*</c> = all); default: all namespaces.</summary>
    public EquatableList<string>? ExportTo { get; init; }
}
