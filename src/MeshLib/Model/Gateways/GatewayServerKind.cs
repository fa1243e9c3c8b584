namespace MeshLib.Model.Gateways;

/// <summary>What a gateway server carries, and so how its connections are routed.</summary>
internal enum GatewayServerKind
{
    /// <summary>Neither HTTP nor plain TCP once accepted: TLS, Mongo and the like, or HTTPS passed through without termination.</summary>
    NotHttp,

    /// <summary>Plain HTTP (HTTP, HTTP2, GRPC, GRPC-WEB): routed by VirtualService <c>http</c> routes.</summary>
    PlainHttp,

    /// <summary>HTTPS with TLS terminated at the gateway (SIMPLE, MUTUAL, OPTIONAL_MUTUAL, ISTIO_MUTUAL), then routed as HTTP.</summary>
    TerminatedHttps,

    /// <summary>Plain TCP: each connection is routed by VirtualService <c>tcp</c> routes and proxied as bytes.</summary>
    PlainTcp,
}
