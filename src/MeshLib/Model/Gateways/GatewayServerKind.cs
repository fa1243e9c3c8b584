namespace MeshLib.Model.Gateways;

/// <summary>What a gateway server carries, as far as HTTP routing is concerned.</summary>
internal enum GatewayServerKind
{
    /// <summary>Not HTTP once accepted: TCP, TLS, Mongo and the like, or HTTPS passed through without termination.</summary>
    NotHttp,

    /// <summary>Plain HTTP (HTTP, HTTP2, GRPC, GRPC-WEB): routed by VirtualService <c>http</c> routes.</summary>
    PlainHttp,

    /// <summary>HTTPS with TLS terminated at the gateway (SIMPLE, MUTUAL, OPTIONAL_MUTUAL, ISTIO_MUTUAL), then routed as HTTP.</summary>
    TerminatedHttps,
}
