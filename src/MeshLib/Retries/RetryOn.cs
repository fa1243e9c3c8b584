namespace MeshLib.Retries;

/// <summary>Envoy <c>retry_on</c> conditions, as Istio's <c>retryOn</c> lists them.</summary>
[Flags]
internal enum RetryOn
{
    /// <summary>No condition.</summary>
    None = 0,

    /// <summary><c>5xx</c>: any 5xx response, and any reset or per-try timeout.</summary>
    FiveXx = 1 << 0,

    /// <summary><c>gateway-error</c>: 502, 503, 504 responses, and any reset or per-try timeout.</summary>
    GatewayError = 1 << 1,

    /// <summary><c>reset</c>: any reset (connect failure, disconnect, per-try timeout).</summary>
    Reset = 1 << 2,

    /// <summary><c>reset-before-request</c>: a reset before any request byte was sent upstream.</summary>
    ResetBeforeRequest = 1 << 3,

    /// <summary><c>connect-failure</c>: connection failure or connect timeout.</summary>
    ConnectFailure = 1 << 4,

    /// <summary><c>retriable-4xx</c>: a 409 response.</summary>
    Retriable4xx = 1 << 5,

    /// <summary><c>refused-stream</c>: HTTP/2 REFUSED_STREAM.</summary>
    RefusedStream = 1 << 6,

    /// <summary><c>retriable-status-codes</c>: a response whose status is in the policy's list.</summary>
    RetriableStatusCodes = 1 << 7,

    /// <summary><c>retriable-headers</c>: response header matchers (Istio configures none).</summary>
    RetriableHeaders = 1 << 8,

    /// <summary><c>envoy-ratelimited</c>: a response carrying <c>x-envoy-ratelimited</c>.</summary>
    EnvoyRateLimited = 1 << 9,

    /// <summary><c>http3-post-connect-failure</c>: HTTP/3 failure after connecting.</summary>
    Http3PostConnectFailure = 1 << 10,

    /// <summary><c>cancelled</c>: <c>grpc-status: 1</c> in response headers.</summary>
    GrpcCancelled = 1 << 11,

    /// <summary><c>deadline-exceeded</c>: <c>grpc-status: 4</c> in response headers.</summary>
    GrpcDeadlineExceeded = 1 << 12,

    /// <summary><c>internal</c>: <c>grpc-status: 13</c> in response headers.</summary>
    GrpcInternal = 1 << 13,

    /// <summary><c>resource-exhausted</c>: <c>grpc-status: 8</c> in response headers.</summary>
    GrpcResourceExhausted = 1 << 14,

    /// <summary><c>unavailable</c>: <c>grpc-status: 14</c> in response headers.</summary>
    GrpcUnavailable = 1 << 15,
}
