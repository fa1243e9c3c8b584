namespace MeshLib.Replies;

/// <summary>
/// Envoy response flags (access-log <c>%RESPONSE_FLAGS%</c>) that MeshLib can produce; several may apply at once.
/// Bit positions follow Envoy's <c>StreamInfo::ResponseFlag</c> numbering, so ascending bit order is Envoy's
/// canonical order (see <see cref="ResponseFlagsText.Format"/>).
/// </summary>
[Flags]
internal enum ResponseFlags
{
    /// <summary>No flag (Envoy prints <c>-</c>).</summary>
    None = 0,

    /// <summary><c>UH</c>: no healthy upstream host.</summary>
    NoHealthyUpstream = 1 << 1,

    /// <summary><c>UT</c>: the route or per-try timeout answered 504.</summary>
    UpstreamRequestTimeout = 1 << 2,

    /// <summary><c>LR</c>: local reset.</summary>
    LocalReset = 1 << 3,

    /// <summary><c>UR</c>: upstream reset (including REFUSED_STREAM).</summary>
    UpstreamRemoteReset = 1 << 4,

    /// <summary><c>UF</c>: connection failure or connect timeout.</summary>
    UpstreamConnectionFailure = 1 << 5,

    /// <summary><c>UC</c>: upstream connection terminated before response headers.</summary>
    UpstreamConnectionTermination = 1 << 6,

    /// <summary><c>UO</c>: overflow (connection pool, or the cluster's retry limit refused a retry).</summary>
    UpstreamOverflow = 1 << 7,

    /// <summary><c>NR</c>: no route matched the request.</summary>
    NoRoute = 1 << 8,

    /// <summary><c>DI</c>: the request was delayed by a fault.</summary>
    DelayInjected = 1 << 9,

    /// <summary><c>FI</c>: the request was aborted by a fault.</summary>
    FaultInjected = 1 << 10,

    /// <summary><c>URX</c>: the outcome was retriable but the retry limit was reached.</summary>
    UpstreamRetryLimitExceeded = 1 << 15,

    /// <summary><c>UPE</c>: upstream protocol error.</summary>
    UpstreamProtocolError = 1 << 23,

    /// <summary><c>NC</c>: the route's cluster (subset) does not exist.</summary>
    NoClusterFound = 1 << 24,
}
