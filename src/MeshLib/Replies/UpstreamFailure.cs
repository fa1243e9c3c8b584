namespace MeshLib.Replies;

/// <summary>
/// Why an upstream attempt produced no response, in Envoy's reset-reason terms (<c>StreamResetReason</c>). The names
/// of the reset reasons are what the caller finally reads in the 503 body (<c>reset reason: ...</c>).
/// </summary>
internal enum UpstreamFailure
{
    /// <summary>The attempt produced a response.</summary>
    None = 0,

    /// <summary>The connection could not be made (refused, unreachable, TLS failure): <c>remote connection failure</c>.</summary>
    ConnectFailure,

    /// <summary>The connect timeout expired: <c>connection timeout</c>.</summary>
    ConnectTimeout,

    /// <summary>The connection could not be started on this side (no sockets or buffers left): <c>local connection failure</c>.</summary>
    LocalConnectionFailure,

    /// <summary>The connection closed before response headers: <c>connection termination</c>.</summary>
    ConnectionTermination,

    /// <summary>The upstream reset the HTTP/2 or HTTP/3 stream: <c>remote reset</c>.</summary>
    RemoteReset,

    /// <summary>The upstream refused the HTTP/2 stream (REFUSED_STREAM, 0x7): <c>remote refused stream reset</c>.</summary>
    RefusedStream,

    /// <summary>The upstream sent an invalid response: <c>protocol error</c> (answered with 502).</summary>
    ProtocolError,

    /// <summary>The per-try timeout expired (a local reset in Envoy; answered with 504).</summary>
    PerTryTimeout,

    /// <summary>Any other failure inside this process: <c>local reset</c>.</summary>
    LocalReset,

    /// <summary>The caller cancelled the request; never retried, surfaced as <see cref="OperationCanceledException"/>.</summary>
    CallerCancelled,
}
