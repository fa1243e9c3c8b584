using MeshLib.Internal;

namespace MeshLib.LoadBalancing;

/// <summary>
/// Envoy's ROUND_ROBIN. Equal weights: a shared counter walks the candidates in order, starting at a random
/// offset ("to desynchronize load balancers across a fleet"). Unequal weights: the EDF schedule, which gives
/// each endpoint exactly its weight's share of every <c>sum(weights)</c> consecutive picks.
/// </summary>
internal sealed class RoundRobinLoadBalancer : ILoadBalancer
{
    private readonly ulong _seed;
    private long _next;
    private CandidateSchedule? _schedule;

    /// <summary>Creates a balancer; draws its starting offset once from <paramref name="random"/>.</summary>
    /// <param name="random">The random source for the seed.</param>
    public RoundRobinLoadBalancer(RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _seed = random.NextUInt64();
        _next = unchecked((long)_seed);
    }

    /// <inheritdoc />
    public LbEndpoint? Pick(in LbContext context)
    {
        var candidates = context.Candidates;
        switch (candidates.Length)
        {
            case 0:
                return null;
            case 1:
                return candidates[0];
        }

        var schedule = CandidateSchedule.For(ref _schedule, candidates, activeRequestBias: 0.0, _seed);
        if (schedule.Scheduler is { } scheduler)
        {
            return scheduler.Pick();
        }

        var ticket = unchecked((ulong)(Interlocked.Increment(ref _next) - 1));
        return candidates[(int)(ticket % (ulong)candidates.Length)];
    }
}
