namespace MeshLib.ConnectionPool;

/// <summary>Why an upstream attempt ended before response headers (Envoy <c>StreamResetReason</c>).</summary>
internal enum UpstreamResetReason
{
    /// <summary>The upstream refused or failed the connection (<c>remote connection failure</c>, UF).</summary>
    RemoteConnectionFailure = 0,

    /// <summary>The connection could not be started locally (<c>local connection failure</c>, UF).</summary>
    LocalConnectionFailure = 1,

    /// <summary>The connect timeout expired (<c>connection timeout</c>, UF).</summary>
    ConnectionTimeout = 2,

    /// <summary>The connection closed before headers (<c>connection termination</c>, UC).</summary>
    ConnectionTermination = 3,

    /// <summary>The upstream reset the stream (<c>remote reset</c>, UR).</summary>
    RemoteReset = 4,

    /// <summary>The upstream refused the HTTP/2 stream (<c>remote refused stream reset</c>, UR).</summary>
    RemoteRefusedStreamReset = 5,

    /// <summary>The upstream broke the HTTP protocol (<c>protocol error</c>, UPE, answered 502).</summary>
    ProtocolError = 6,
}
