using MeshLib.Internal;

namespace MeshLib.LoadBalancing;

/// <summary>
/// Envoy's RANDOM: a uniform pick among the candidates. Envoy ignores endpoint weights here
/// (<c>hosts[random % size]</c>); <c>respectWeights</c> opts into a weight-proportional draw instead.
/// </summary>
internal sealed class RandomLoadBalancer : ILoadBalancer
{
    private readonly bool _respectWeights;
    private CumulativeWeights? _weights;

    /// <summary>Creates a balancer.</summary>
    /// <param name="respectWeights">
    /// False (default) matches Envoy exactly. True draws in proportion to <see cref="LbEndpoint.Weight"/>
    /// when the weights differ.
    /// </param>
    public RandomLoadBalancer(bool respectWeights = false)
    {
        _respectWeights = respectWeights;
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

        if (_respectWeights)
        {
            var weights = Volatile.Read(ref _weights);
            if (weights is null || !ReferenceEquals(weights.Candidates, candidates))
            {
                weights = new CumulativeWeights(candidates);
                Volatile.Write(ref _weights, weights);
            }

            if (!weights.Equal)
            {
                return candidates[weights.Find(context.Random.NextUInt64() % weights.Total)];
            }
        }

        return candidates[context.Random.Next(candidates.Length)];
    }

    private sealed class CumulativeWeights
    {
        private readonly ulong[] _ends;

        public CumulativeWeights(LbEndpoint[] candidates)
        {
            Candidates = candidates;
            Equal = CandidateSchedule.WeightsAreEqual(candidates);
            _ends = new ulong[candidates.Length];
            ulong total = 0;
            for (var i = 0; i < candidates.Length; i++)
            {
                total += candidates[i].Weight;
                _ends[i] = total;
            }

            Total = total;
        }

        public LbEndpoint[] Candidates { get; }

        public bool Equal { get; }

        public ulong Total { get; }

        // First interval whose end lies beyond the draw: [0,w1), [w1,w1+w2), ...
        public int Find(ulong draw)
        {
            int low = 0, high = _ends.Length - 1;
            while (low < high)
            {
                var mid = (low + high) >>> 1;
                if (_ends[mid] > draw)
                {
                    high = mid;
                }
                else
                {
                    low = mid + 1;
                }
            }

            return low;
        }
    }
}
