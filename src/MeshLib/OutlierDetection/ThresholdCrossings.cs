namespace MeshLib.OutlierDetection;

/// <summary>The consecutive-error thresholds one report made an endpoint reach.</summary>
[Flags]
internal enum ThresholdCrossings
{
    /// <summary>No threshold was reached.</summary>
    None = 0,

    /// <summary>The gateway-error counter reached its threshold.</summary>
    ConsecutiveGatewayFailure = 1,

    /// <summary>The 5xx counter reached its threshold.</summary>
    Consecutive5xx = 2,

    /// <summary>The local-origin counter reached its threshold.</summary>
    ConsecutiveLocalOriginFailure = 4,
}
