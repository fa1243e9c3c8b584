using System.Collections.Immutable;

namespace MeshLib.OutlierDetection;

/// <summary>
/// Envoy's consecutive-error outlier detection for one cluster (host + port + subset): ejects an endpoint the
/// moment its Nth consecutive error arrives (bounded by <c>maxEjectionPercent</c>), returns it at the first
/// sweep after base × multiplier has passed, and publishes the endpoints a load balancer may use.
/// </summary>
/// <remarks>
/// State is kept per endpoint key, so <see cref="Reconfigure"/> on a reload keeps counters and ejections of
/// endpoints that stay. Reports and reads are thread-safe; ejection bookkeeping takes one lock per cluster
/// only when a threshold is reached or at a sweep.
/// </remarks>
internal sealed class OutlierDetector : IDisposable
{
    private static readonly TimerCallback OnTimer = static state =>
    {
        // The timer holds the detector weakly so a forgotten detector does not live on through its timer.
        if (((WeakReference<OutlierDetector>)state!).TryGetTarget(out var detector))
        {
            detector.Sweep();
        }
    };

    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private EndpointCandidates _current;
    private ITimer? _timer;
    private TimeSpan _timerPeriod = Timeout.InfiniteTimeSpan;
    private bool _disposed;
    private long _version;
    private long _ejectionsEnforced;
    private long _ejectionsOverflow;

    /// <summary>Creates a detector for a cluster's endpoints.</summary>
    /// <param name="policy">The compiled policy; <see langword="null"/> when the DestinationRule has no <c>outlierDetection</c>.</param>
    /// <param name="endpointKeys">The endpoints, as <c>address:port</c>, in load-balancer index order.</param>
    /// <param name="timeProvider">The clock for ejection times and the sweep timer.</param>
    public OutlierDetector(OutlierDetectionPolicy? policy, IReadOnlyList<string> endpointKeys, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(endpointKeys);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        var endpoints = new EndpointHealth[endpointKeys.Count];
        for (var i = 0; i < endpoints.Length; i++)
        {
            endpoints[i] = new EndpointHealth(endpointKeys[i]);
        }

        _current = Build(policy, ImmutableArray.Create(endpoints), default, ejectedCount: 0, version: 0);
    }

    /// <summary>The policy in force; <see langword="null"/> means nothing is ever ejected.</summary>
    public OutlierDetectionPolicy? Policy => Volatile.Read(ref _current).Policy;

    /// <summary>Number of endpoints.</summary>
    public int EndpointCount => Volatile.Read(ref _current).EndpointCount;

    /// <summary>Number of endpoints ejected now (Envoy <c>outlier_detection.ejections_active</c>).</summary>
    public int EjectedCount => Volatile.Read(ref _current).EjectedCount;

    /// <summary>Ejections carried out (Envoy <c>outlier_detection.ejections_enforced_total</c>).</summary>
    public long EjectionsEnforcedTotal => Interlocked.Read(ref _ejectionsEnforced);

    /// <summary>Ejections refused by <c>maxEjectionPercent</c> (Envoy <c>outlier_detection.ejections_overflow</c>).</summary>
    public long EjectionsOverflowTotal => Interlocked.Read(ref _ejectionsOverflow);

    /// <summary>Whether the endpoint at <paramref name="endpointIndex"/> is ejected now.</summary>
    /// <param name="endpointIndex">Index in the endpoint keys.</param>
    /// <returns><see langword="true"/> when ejected; <see langword="false"/> also for an index out of range.</returns>
    public bool IsEjected(int endpointIndex)
    {
        var endpoints = Volatile.Read(ref _current).Endpoints;
        return (uint)endpointIndex < (uint)endpoints.Length && endpoints[endpointIndex].IsEjected;
    }

    /// <summary>
    /// The endpoints eligible for load balancing: the non-ejected ones, or all of them when the healthy share
    /// is below <c>minHealthPercent</c> (panic). Cached; allocates nothing.
    /// </summary>
    /// <returns>The current candidate set.</returns>
    public EndpointCandidates SelectCandidates() => Volatile.Read(ref _current);

    /// <summary>Reports an attempt on the endpoint at <paramref name="endpointIndex"/> of the current endpoint keys.</summary>
    /// <param name="endpointIndex">Index in the endpoint keys.</param>
    /// <param name="result">What happened. Never report overflow or fault-injected aborts.</param>
    public void Report(int endpointIndex, AttemptResult result) => Report(Volatile.Read(ref _current), endpointIndex, result);

    /// <summary>
    /// Reports an attempt on an endpoint picked from <paramref name="from"/>: the index is resolved against that
    /// set, so a report that races with <see cref="Reconfigure"/> still reaches the right endpoint.
    /// </summary>
    /// <param name="from">The candidate set the endpoint was picked from.</param>
    /// <param name="endpointIndex">Index in that set's endpoint keys.</param>
    /// <param name="result">What happened. Never report overflow or fault-injected aborts.</param>
    public void Report(EndpointCandidates from, int endpointIndex, AttemptResult result)
    {
        ArgumentNullException.ThrowIfNull(from);
        var policy = from.Policy;
        if (policy is null || (uint)endpointIndex >= (uint)from.Endpoints.Length)
        {
            return;
        }

        var endpoint = from.Endpoints[endpointIndex];
        var crossings = endpoint.Record(policy, result);
        if (crossings != ThresholdCrossings.None)
        {
            OnThresholdsReached(endpoint, crossings);
        }
    }

    /// <summary>
    /// Runs one interval sweep now: returns endpoints whose ejection time has passed and lowers the multiplier
    /// of endpoints healthy for a full interval. The timer calls this every <c>interval</c>.
    /// </summary>
    public void Sweep()
    {
        lock (_gate)
        {
            var current = _current;
            var policy = current.Policy;
            if (policy is null)
            {
                return;
            }

            var now = _timeProvider.GetTimestamp();
            var ejected = current.EjectedCount;
            foreach (var endpoint in current.Endpoints)
            {
                if (endpoint.IsEjected
                    && _timeProvider.GetElapsedTime(endpoint.LastEjectionTimestamp!.Value, now) >= policy.EjectionTime(endpoint.EjectionMultiplier))
                {
                    endpoint.Uneject(now);
                    ejected--;
                }
            }

            var idle = ejected == 0;
            foreach (var endpoint in current.Endpoints)
            {
                if (!endpoint.IsEjected
                    && endpoint.LastUnejectionTimestamp is { } unejected
                    && _timeProvider.GetElapsedTime(unejected, now) >= policy.Interval)
                {
                    endpoint.DecayMultiplier();
                }

                idle &= endpoint.EjectionMultiplier == 0;
            }

            if (ejected != current.EjectedCount)
            {
                Publish(policy, current.Endpoints, current.AllIndexes, ejected);
            }

            // Nothing left to return or decay: stop waking up until the next ejection.
            if (idle && _timer is not null && _timerPeriod != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timerPeriod = Timeout.InfiniteTimeSpan;
            }
        }
    }

    /// <summary>The state of every endpoint, for diagnostics.</summary>
    /// <returns>One snapshot per endpoint, in index order.</returns>
    public IReadOnlyList<EndpointHealthSnapshot> Snapshot()
    {
        lock (_gate)
        {
            var current = _current;
            var now = _timeProvider.GetTimestamp();
            var utcNow = _timeProvider.GetUtcNow();
            var result = new EndpointHealthSnapshot[current.Endpoints.Length];
            for (var i = 0; i < result.Length; i++)
            {
                var endpoint = current.Endpoints[i];
                var (c5xx, gateway, local) = endpoint.ReadCounters();
                DateTimeOffset? until = null;
                if (endpoint.IsEjected && current.Policy is { } policy)
                {
                    var elapsed = _timeProvider.GetElapsedTime(endpoint.LastEjectionTimestamp!.Value, now);
                    until = utcNow + (policy.EjectionTime(endpoint.EjectionMultiplier) - elapsed);
                }

                result[i] = new EndpointHealthSnapshot(
                    i,
                    endpoint.Key,
                    endpoint.IsEjected,
                    until,
                    endpoint.TimesEjected,
                    endpoint.EjectionMultiplier,
                    endpoint.LastEjectionReason,
                    c5xx,
                    gateway,
                    local);
            }

            return result;
        }
    }

    /// <summary>
    /// Applies a reload: a new policy and endpoint list. Endpoints whose key stays keep their counters, ejection
    /// and multiplier; new keys start healthy; dropped keys are forgotten. Removing the policy clears all state.
    /// </summary>
    /// <param name="policy">The new policy; <see langword="null"/> when the block was removed.</param>
    /// <param name="endpointKeys">The new endpoints, as <c>address:port</c>, in load-balancer index order.</param>
    public void Reconfigure(OutlierDetectionPolicy? policy, IReadOnlyList<string> endpointKeys)
    {
        ArgumentNullException.ThrowIfNull(endpointKeys);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var old = _current;
            var kept = new Dictionary<string, EndpointHealth>(old.Endpoints.Length, StringComparer.Ordinal);
            if (policy is not null && old.Policy is not null)
            {
                foreach (var endpoint in old.Endpoints)
                {
                    kept.TryAdd(endpoint.Key, endpoint);
                }
            }

            var endpoints = new EndpointHealth[endpointKeys.Count];
            var reusedAll = new HashSet<EndpointHealth>(ReferenceEqualityComparer.Instance);
            var ejected = 0;
            var needsTimer = false;
            for (var i = 0; i < endpoints.Length; i++)
            {
                // Remove on reuse so that a duplicated key does not share one state between two indexes.
                if (kept.Remove(endpointKeys[i], out var reused))
                {
                    reusedAll.Add(reused);
                    endpoints[i] = reused;
                }
                else
                {
                    endpoints[i] = new EndpointHealth(endpointKeys[i]);
                }

                ejected += endpoints[i].IsEjected ? 1 : 0;
                needsTimer |= endpoints[i].IsEjected || endpoints[i].EjectionMultiplier > 0;
            }

            foreach (var endpoint in old.Endpoints)
            {
                endpoint.Detached = !reusedAll.Contains(endpoint);
            }

            var sameList = old.Endpoints.AsSpan().SequenceEqual(endpoints);
            Publish(policy, sameList ? old.Endpoints : ImmutableArray.Create(endpoints), sameList ? old.AllIndexes : default, ejected);

            if (needsTimer && policy is not null)
            {
                StartTimer(policy.Interval);
            }
            else if (_timer is not null && _timerPeriod != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timerPeriod = Timeout.InfiniteTimeSpan;
            }
        }
    }

    /// <summary>Stops the sweep timer; later reports still count but eject nothing.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private static EndpointCandidates Build(
        OutlierDetectionPolicy? policy,
        ImmutableArray<EndpointHealth> endpoints,
        ImmutableArray<int> allIndexes,
        int ejectedCount,
        long version)
    {
        if (allIndexes.IsDefault)
        {
            var all = new int[endpoints.Length];
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = i;
            }

            allIndexes = ImmutableArray.Create(all);
        }

        if (ejectedCount == 0)
        {
            return new EndpointCandidates(policy, endpoints, allIndexes, allIndexes, 0, isPanic: false, version);
        }

        var total = endpoints.Length;
        var healthy = total - ejectedCount;

        // Envoy's panic rule for one priority: healthy% < healthy_panic_threshold; Istio's minHealthPercent 0 turns it off.
        if (policy is { MinHealthPercent: > 0 } && 100.0 * healthy / total < policy.MinHealthPercent)
        {
            return new EndpointCandidates(policy, endpoints, allIndexes, allIndexes, ejectedCount, isPanic: true, version);
        }

        var builder = ImmutableArray.CreateBuilder<int>(healthy);
        for (var i = 0; i < total; i++)
        {
            if (!endpoints[i].IsEjected)
            {
                builder.Add(i);
            }
        }

        return new EndpointCandidates(policy, endpoints, allIndexes, builder.MoveToImmutable(), ejectedCount, isPanic: false, version);
    }

    private void OnThresholdsReached(EndpointHealth endpoint, ThresholdCrossings crossings)
    {
        lock (_gate)
        {
            var current = _current;
            var policy = current.Policy;

            // A disposed detector could never return an endpoint, so it ejects none.
            if (policy is null || endpoint.Detached || _disposed)
            {
                return;
            }

            var ejected = current.EjectedCount;

            // Envoy posts one event per threshold, gateway first; an endpoint already ejected keeps its counters.
            foreach (var (crossing, reason) in (ReadOnlySpan<(ThresholdCrossings, EjectionReason)>)
                     [
                         (ThresholdCrossings.ConsecutiveGatewayFailure, EjectionReason.ConsecutiveGatewayFailure),
                         (ThresholdCrossings.Consecutive5xx, EjectionReason.Consecutive5xx),
                         (ThresholdCrossings.ConsecutiveLocalOriginFailure, EjectionReason.ConsecutiveLocalOriginFailure),
                     ])
            {
                if ((crossings & crossing) == 0)
                {
                    continue;
                }

                if (endpoint.IsEjected)
                {
                    break;
                }

                // Envoy >= 1.31 without always_eject_one_host (Istio never sets it): no "at least one" exception.
                if (100.0 * (ejected + 1) / current.Endpoints.Length <= policy.MaxEjectionPercent)
                {
                    endpoint.Eject(policy, reason, _timeProvider.GetTimestamp());
                    ejected++;
                    Interlocked.Increment(ref _ejectionsEnforced);
                }
                else
                {
                    Interlocked.Increment(ref _ejectionsOverflow);
                }

                endpoint.ResetCounter(reason);
            }

            if (ejected != current.EjectedCount)
            {
                Publish(policy, current.Endpoints, current.AllIndexes, ejected);
                StartTimer(policy.Interval);
            }
        }
    }

    private void Publish(OutlierDetectionPolicy? policy, ImmutableArray<EndpointHealth> endpoints, ImmutableArray<int> allIndexes, int ejectedCount) =>
        Volatile.Write(ref _current, Build(policy, endpoints, allIndexes, ejectedCount, ++_version));

    private void StartTimer(TimeSpan period)
    {
        if (_disposed || _timerPeriod == period)
        {
            return;
        }

        if (_timer is null)
        {
            // Do not capture the reporting request's ExecutionContext (Activity, AsyncLocals) in a long-lived timer.
            var restoreFlow = !ExecutionContext.IsFlowSuppressed();
            if (restoreFlow)
            {
                ExecutionContext.SuppressFlow();
            }

            try
            {
                _timer = _timeProvider.CreateTimer(OnTimer, new WeakReference<OutlierDetector>(this), period, period);
            }
            finally
            {
                if (restoreFlow)
                {
                    ExecutionContext.RestoreFlow();
                }
            }
        }
        else
        {
            _timer.Change(period, period);
        }

        _timerPeriod = period;
    }
}
