namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPRoute</c>: match conditions and actions for HTTP/1.1, HTTP/2 and gRPC traffic.</summary>
public sealed record HttpRouteConfig : ConfigElement
{
    /// <summary>Route name for debugging and stats, joined with the match name; default: none.</summary>
    public string? Name { get; init; }

    /// <summary>Match blocks, ORed; fields inside a block are ANDed; default: match everything.</summary>
    public EquatableList<HttpMatchRequestConfig>? Match { get; init; }

    /// <summary>Weighted destinations used when forwarding; default: none.</summary>
    public EquatableList<HttpRouteDestinationConfig>? Route { get; init; }

    /// <summary>Answer with an HTTP redirect instead of forwarding; default: none.</summary>
    public HttpRedirectConfig? Redirect { get; init; }

    /// <summary>Answer with a fixed response instead of forwarding; default: none.</summary>
    public HttpDirectResponseConfig? DirectResponse { get; init; }

    /// <summary>Delegate VirtualService whose routes are merged here (only when route and redirect are empty); default: none.</summary>
    public DelegateConfig? Delegate { get; init; }

    /// <summary>Rewrite of path and authority before forwarding; default: none.</summary>
    public HttpRewriteConfig? Rewrite { get; init; }

    /// <summary>Total time for the request including retries; default: none (infinite).</summary>
    public Duration? Timeout { get; init; }

    /// <summary>Retry policy; default when absent: the mesh default retry policy (2 attempts).</summary>
    public HttpRetryConfig? Retries { get; init; }

    /// <summary>Client-side fault injection (delay and/or abort); default: none.</summary>
    public HttpFaultInjectionConfig? Fault { get; init; }

    /// <summary>Single destination that receives a copy of the traffic; default: none.</summary>
    public DestinationConfig? Mirror { get; init; }

    /// <summary>Deprecated integer share of traffic mirrored to <c>mirror</c> (UInt32Value); default: 100 when absent.</summary>
    public uint? MirrorPercent { get; init; }

    /// <summary>Share of traffic mirrored to <c>mirror</c> (0–100); default: 100% when absent.</summary>
    public PercentConfig? MirrorPercentage { get; init; }

    /// <summary>Several mirror destinations, each with its own percentage; default: none.</summary>
    public EquatableList<HttpMirrorPolicyConfig>? Mirrors { get; init; }

    /// <summary>Cross-Origin Resource Sharing policy; default: none.</summary>
    public CorsPolicyConfig? CorsPolicy { get; init; }

    /// <summary>Header operations applied for every destination of this route; default: none.</summary>
    public HeadersConfig? Headers { get; init; }
}
