namespace MeshLib.OutlierDetection;

/// <summary>Outlier state of one endpoint at a moment, for <c>/clusters</c> and <c>meshctl</c>.</summary>
/// <param name="EndpointIndex">Index in the detector's endpoint keys.</param>
/// <param name="Key">The endpoint key, <c>address:port</c>.</param>
/// <param name="IsEjected">Whether the endpoint is ejected now.</param>
/// <param name="EjectedUntil">When the ejection time ends (the endpoint returns at the first sweep after it); null when not ejected.</param>
/// <param name="TimesEjected">Ejections so far.</param>
/// <param name="EjectionMultiplier">Current multiplier of the base ejection time.</param>
/// <param name="LastEjectionReason">Why the endpoint was last ejected, if ever.</param>
/// <param name="Consecutive5xx">Current run of 5xx (and, unless split, local failures).</param>
/// <param name="ConsecutiveGatewayErrors">Current run of 502/503/504 (and, unless split, local failures).</param>
/// <param name="ConsecutiveLocalOriginFailures">Current run of local-origin failures (split mode).</param>
internal sealed record EndpointHealthSnapshot(
    int EndpointIndex,
    string Key,
    bool IsEjected,
    DateTimeOffset? EjectedUntil,
    int TimesEjected,
    int EjectionMultiplier,
    EjectionReason? LastEjectionReason,
    int Consecutive5xx,
    int ConsecutiveGatewayErrors,
    int ConsecutiveLocalOriginFailures);
