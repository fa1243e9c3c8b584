namespace MeshLib.LoadBalancing;

/// <summary>
/// Per-candidate-set state of the round-robin and least-request balancers: whether the weights differ and,
/// if so, the EDF schedule. Built on the first pick that sees a new candidate array, then reused, the way
/// Envoy rebuilds its schedulers only on host-set changes.
/// </summary>
internal sealed class CandidateSchedule
{
    private CandidateSchedule(LbEndpoint[] candidates, EdfScheduler? scheduler)
    {
        Candidates = candidates;
        Scheduler = scheduler;
    }

    /// <summary>The candidate array this state belongs to (compared by reference).</summary>
    public LbEndpoint[] Candidates { get; }

    /// <summary>The EDF schedule, or null when all weights are equal (Envoy then skips EDF entirely).</summary>
    public EdfScheduler? Scheduler { get; }

    /// <summary>Returns the cached state for <paramref name="candidates"/>, building and caching it if the set changed.</summary>
    /// <param name="cache">The balancer's cache field.</param>
    /// <param name="candidates">The current candidates.</param>
    /// <param name="activeRequestBias">Bias for the EDF weight (0 for round robin).</param>
    /// <param name="seed">The balancer's seed; <c>seed % count</c> initial picks desynchronise clients.</param>
    /// <returns>The state for this candidate array.</returns>
    public static CandidateSchedule For(ref CandidateSchedule? cache, LbEndpoint[] candidates, double activeRequestBias, ulong seed)
    {
        var current = Volatile.Read(ref cache);
        if (current is not null && ReferenceEquals(current.Candidates, candidates))
        {
            return current;
        }

        // Racing threads may both build; either result is valid and the last write wins.
        var built = new CandidateSchedule(
            candidates,
            WeightsAreEqual(candidates) ? null : new EdfScheduler(candidates, activeRequestBias, (int)(seed % (ulong)candidates.Length)));
        Volatile.Write(ref cache, built);
        return built;
    }

    /// <summary>True when every endpoint has the same weight (or there are fewer than two).</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>Whether the weights are all equal.</returns>
    public static bool WeightsAreEqual(ReadOnlySpan<LbEndpoint> endpoints)
    {
        for (var i = 1; i < endpoints.Length; i++)
        {
            if (endpoints[i].Weight != endpoints[0].Weight)
            {
                return false;
            }
        }

        return true;
    }
}
