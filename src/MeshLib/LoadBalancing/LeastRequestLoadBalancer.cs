using MeshLib.Internal;

namespace MeshLib.LoadBalancing;

/// <summary>
/// Envoy's LEAST_REQUEST, Istio's default. Equal weights: power of <c>choiceCount</c> choices — draw that many
/// candidates uniformly with replacement and keep the one with fewest active requests (ties keep the earlier
/// draw). Unequal weights: EDF over <c>weight / (active + 1)^activeRequestBias</c>, each endpoint's weight
/// taken when it is (re-)scheduled.
/// </summary>
internal sealed class LeastRequestLoadBalancer : ILoadBalancer
{
    /// <summary>Envoy's default number of choices.</summary>
    public const int DefaultChoiceCount = 2;

    /// <summary>Envoy's default active request bias.</summary>
    public const double DefaultActiveRequestBias = 1.0;

    private readonly ulong _seed;
    private readonly int _choiceCount;
    private readonly double _activeRequestBias;
    private CandidateSchedule? _schedule;

    /// <summary>Creates a balancer.</summary>
    /// <param name="random">Source of the seed that offsets the initial EDF position.</param>
    /// <param name="choiceCount">Candidates sampled per pick (Envoy: at least 2, default 2).</param>
    /// <param name="activeRequestBias">Exponent for the weighted formula (Envoy: at least 0, default 1).</param>
    public LeastRequestLoadBalancer(RandomSource random, int choiceCount = DefaultChoiceCount, double activeRequestBias = DefaultActiveRequestBias)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(choiceCount, 2);
        if (!(activeRequestBias >= 0.0) || double.IsInfinity(activeRequestBias))
        {
            throw new ArgumentOutOfRangeException(nameof(activeRequestBias), activeRequestBias, "The active request bias must be a finite number >= 0.");
        }

        _seed = random.NextUInt64();
        _choiceCount = choiceCount;
        _activeRequestBias = activeRequestBias;
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

        var schedule = CandidateSchedule.For(ref _schedule, candidates, _activeRequestBias, _seed);
        if (schedule.Scheduler is { } scheduler)
        {
            return scheduler.Pick();
        }

        var random = context.Random;
        var best = candidates[random.Next(candidates.Length)];
        var bestActive = best.ActiveRequests;
        for (var i = 1; i < _choiceCount; i++)
        {
            var sampled = candidates[random.Next(candidates.Length)];
            var sampledActive = sampled.ActiveRequests;
            if (sampledActive < bestActive)
            {
                best = sampled;
                bestActive = sampledActive;
            }
        }

        return best;
    }
}
