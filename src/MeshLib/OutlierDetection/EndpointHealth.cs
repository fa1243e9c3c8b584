namespace MeshLib.OutlierDetection;

/// <summary>
/// Outlier state of one endpoint, kept by endpoint key across reloads. Consecutive counters are guarded by a
/// small per-endpoint lock (every response touches them); ejection fields are written only under the
/// owning <see cref="OutlierDetector"/>'s lock.
/// </summary>
internal sealed class EndpointHealth
{
    private readonly Lock _counterLock = new();
    private int _consecutive5xx;
    private int _consecutiveGateway;
    private int _consecutiveLocalOrigin;
    private volatile bool _ejected;

    /// <summary>Creates healthy state for the endpoint <paramref name="key"/>.</summary>
    /// <param name="key">The endpoint key, <c>address:port</c>.</param>
    public EndpointHealth(string key) => Key = key;

    /// <summary>The endpoint key, <c>address:port</c>.</summary>
    public string Key { get; }

    /// <summary>Whether the endpoint is currently ejected.</summary>
    public bool IsEjected => _ejected;

    /// <summary>Ejections so far (Envoy <c>num_ejections</c>).</summary>
    public int TimesEjected { get; private set; }

    /// <summary>Multiplier of the base ejection time: +1 per ejection, −1 per healthy interval.</summary>
    public int EjectionMultiplier { get; private set; }

    /// <summary>Why the endpoint was last ejected.</summary>
    public EjectionReason? LastEjectionReason { get; private set; }

    /// <summary>Monotonic timestamp of the last ejection.</summary>
    public long? LastEjectionTimestamp { get; private set; }

    /// <summary>Monotonic timestamp of the last return to service.</summary>
    public long? LastUnejectionTimestamp { get; private set; }

    /// <summary>Set when a reload dropped this endpoint: late reports for it are ignored.</summary>
    public bool Detached { get; set; }

    /// <summary>Counts one attempt result and says which thresholds it reached (Envoy's <c>putResult</c>).</summary>
    /// <param name="policy">The policy in force.</param>
    /// <param name="result">The attempt result.</param>
    /// <returns>The thresholds reached exactly now.</returns>
    public ThresholdCrossings Record(OutlierDetectionPolicy policy, AttemptResult result)
    {
        lock (_counterLock)
        {
            switch (result.Kind)
            {
                case AttemptResultKind.Response:
                    if (policy.SplitExternalLocalOriginErrors)
                    {
                        // A response means the connection worked: Envoy reported LocalOriginConnectSuccess first.
                        _consecutiveLocalOrigin = 0;
                    }

                    var isError = policy.IsError(result.StatusCode);
                    return CountResponse(policy, isError, isError && result.StatusCode is 502 or 503 or 504);

                case AttemptResultKind.ConnectSuccess:
                    // Without split Envoy ignores connect success so that a 5xx after it still counts in a row.
                    if (policy.SplitExternalLocalOriginErrors)
                    {
                        _consecutiveLocalOrigin = 0;
                    }

                    return ThresholdCrossings.None;

                default:
                    if (!policy.SplitExternalLocalOriginErrors)
                    {
                        // Unsplit, Envoy maps local failures to 503/504: a 5xx and a gateway error, whatever the error codes say.
                        return CountResponse(policy, isError: true, isGateway: true);
                    }

                    Increment(ref _consecutiveLocalOrigin);
                    return _consecutiveLocalOrigin == policy.ConsecutiveLocalOriginFailures
                        ? ThresholdCrossings.ConsecutiveLocalOriginFailure
                        : ThresholdCrossings.None;
            }
        }
    }

    /// <summary>Resets the counter whose threshold caused an ejection attempt, so a fresh run is needed.</summary>
    /// <param name="reason">The counter to reset.</param>
    public void ResetCounter(EjectionReason reason)
    {
        lock (_counterLock)
        {
            switch (reason)
            {
                case EjectionReason.Consecutive5xx: _consecutive5xx = 0; break;
                case EjectionReason.ConsecutiveGatewayFailure: _consecutiveGateway = 0; break;
                default: _consecutiveLocalOrigin = 0; break;
            }
        }
    }

    /// <summary>Reads the three consecutive counters consistently.</summary>
    /// <returns>The 5xx, gateway and local-origin counters.</returns>
    public (int Consecutive5xx, int ConsecutiveGateway, int ConsecutiveLocalOrigin) ReadCounters()
    {
        lock (_counterLock)
        {
            return (_consecutive5xx, _consecutiveGateway, _consecutiveLocalOrigin);
        }
    }

    /// <summary>Marks the endpoint ejected (detector lock held).</summary>
    /// <param name="policy">The policy in force.</param>
    /// <param name="reason">Why.</param>
    /// <param name="timestamp">Now, monotonic.</param>
    public void Eject(OutlierDetectionPolicy policy, EjectionReason reason, long timestamp)
    {
        _ejected = true;
        TimesEjected++;
        LastEjectionReason = reason;
        LastEjectionTimestamp = timestamp;
        if (policy.CanRaiseMultiplier(EjectionMultiplier))
        {
            EjectionMultiplier++;
        }
    }

    /// <summary>Returns the endpoint to service and clears its counters, as Envoy does (detector lock held).</summary>
    /// <param name="timestamp">Now, monotonic.</param>
    public void Uneject(long timestamp)
    {
        lock (_counterLock)
        {
            _consecutive5xx = 0;
            _consecutiveGateway = 0;
            _consecutiveLocalOrigin = 0;
        }

        LastUnejectionTimestamp = timestamp;
        _ejected = false;
    }

    /// <summary>Lowers the multiplier by one after a healthy interval (detector lock held).</summary>
    public void DecayMultiplier()
    {
        if (EjectionMultiplier > 0)
        {
            EjectionMultiplier--;
        }
    }

    private static void Increment(ref int counter)
    {
        // Saturate: an ejected endpoint in panic mode can keep failing for a long time.
        if (counter < int.MaxValue)
        {
            counter++;
        }
    }

    private ThresholdCrossings CountResponse(OutlierDetectionPolicy policy, bool isError, bool isGateway)
    {
        if (!isError)
        {
            _consecutive5xx = 0;
            _consecutiveGateway = 0;
            return ThresholdCrossings.None;
        }

        var crossings = ThresholdCrossings.None;
        if (isGateway)
        {
            Increment(ref _consecutiveGateway);
            if (policy.ConsecutiveGatewayErrors != 0 && _consecutiveGateway == policy.ConsecutiveGatewayErrors)
            {
                crossings |= ThresholdCrossings.ConsecutiveGatewayFailure;
            }
        }
        else
        {
            _consecutiveGateway = 0;
        }

        Increment(ref _consecutive5xx);
        if (policy.Consecutive5xxErrors != 0 && _consecutive5xx == policy.Consecutive5xxErrors)
        {
            crossings |= ThresholdCrossings.Consecutive5xx;
        }

        return crossings;
    }
}
