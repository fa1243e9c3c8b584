namespace MeshLib.Cli.Explain;

/// <summary>A cluster's effective outlier detection, Istio's and Envoy's defaults filled in.</summary>
/// <param name="Consecutive5xxErrors">Consecutive 5xx that eject (0: off).</param>
/// <param name="ConsecutiveGatewayErrors">Consecutive 502/503/504 that eject (0: off).</param>
/// <param name="SplitExternalLocalOriginErrors">Whether local-origin failures are counted apart.</param>
/// <param name="ConsecutiveLocalOriginFailures">Consecutive local-origin failures that eject (used only when split).</param>
/// <param name="Interval">The sweep interval.</param>
/// <param name="BaseEjectionTime">The ejection time per ejection in a row.</param>
/// <param name="MaxEjectionTime">The longest single ejection.</param>
/// <param name="MaxEjectionPercent">The largest share of endpoints ejected at once.</param>
/// <param name="MinHealthPercent">The panic threshold (0: no panic mode).</param>
/// <param name="HttpErrorCodes">The statuses counted as errors; null means any 5xx.</param>
internal sealed record OutlierDetectionInfo(
    uint Consecutive5xxErrors,
    uint ConsecutiveGatewayErrors,
    bool SplitExternalLocalOriginErrors,
    uint ConsecutiveLocalOriginFailures,
    string Interval,
    string BaseEjectionTime,
    string MaxEjectionTime,
    int MaxEjectionPercent,
    int MinHealthPercent,
    IReadOnlyList<int>? HttpErrorCodes);
