namespace MeshLib.OutlierDetection;

/// <summary>What happened to one upstream attempt, as the router reports it to outlier detection.</summary>
internal enum AttemptResultKind
{
    /// <summary>The upstream answered with response headers; <see cref="AttemptResult.StatusCode"/> holds the status.</summary>
    Response,

    /// <summary>A connection to the endpoint was established (Envoy <c>LocalOriginConnectSuccess</c>).</summary>
    ConnectSuccess,

    /// <summary>The connection was refused or failed (Envoy <c>LocalOriginConnectFailed</c>).</summary>
    ConnectFailure,

    /// <summary>The connect timeout elapsed before the connection was established.</summary>
    ConnectTimeout,

    /// <summary>The connection was reset or terminated before response headers arrived.</summary>
    Reset,

    /// <summary>The per-try or route timeout elapsed while waiting for the endpoint (Envoy <c>LocalOriginTimeout</c>).</summary>
    Timeout,
}
