namespace MeshLib.OutlierDetection;

/// <summary>Why an endpoint was ejected; the names follow Envoy's outlier ejection types.</summary>
internal enum EjectionReason
{
    /// <summary><c>consecutive5xxErrors</c> was reached.</summary>
    Consecutive5xx,

    /// <summary><c>consecutiveGatewayErrors</c> (502/503/504 and local failures) was reached.</summary>
    ConsecutiveGatewayFailure,

    /// <summary><c>consecutiveLocalOriginFailures</c> was reached (split mode only).</summary>
    ConsecutiveLocalOriginFailure,
}
