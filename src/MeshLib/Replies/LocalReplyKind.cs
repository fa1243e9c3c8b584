namespace MeshLib.Replies;

/// <summary>The local replies Envoy's router and fault filter send without an upstream response.</summary>
internal enum LocalReplyKind
{
    /// <summary>503, circuit-breaker overflow.</summary>
    Overflow = 0,

    /// <summary>503, no healthy upstream host.</summary>
    NoHealthyUpstream = 1,

    /// <summary>504, route or per-try timeout.</summary>
    UpstreamRequestTimeout = 2,

    /// <summary>503 (502 for a protocol error), connect failure or reset before headers.</summary>
    ConnectFailure = 3,

    /// <summary>Configured status, fault-injection abort.</summary>
    FaultAbort = 4,

    /// <summary>404, no route matched.</summary>
    NoRoute = 5,

    /// <summary>503, the route's cluster does not exist.</summary>
    NoCluster = 6,

    /// <summary>502, outbound traffic to an unknown host under REGISTRY_ONLY.</summary>
    BlackHole = 7,
}
