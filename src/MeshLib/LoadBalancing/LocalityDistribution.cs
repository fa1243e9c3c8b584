using MeshLib.Internal;

namespace MeshLib.LoadBalancing;

/// <summary>
/// <c>localityLbSetting.distribute</c> for one client locality: Istio writes a weight per destination locality
/// (<see cref="LocalityPriority.DistributeWeights"/>) and drops the endpoints of localities no rule names; Envoy then
/// picks a locality by <c>weight × availability</c>, availability being <c>min(100, 1.4 × healthy%)</c> of that
/// locality, and the endpoint within it by the cluster's load-balancing policy.
/// </summary>
internal sealed class LocalityDistribution
{
    private readonly int[] _groupOf;
    private readonly uint[] _groupWeights;
    private readonly int[] _groupSizes;

    private LocalityDistribution(int[] groupOf, uint[] groupWeights, int[] groupSizes)
    {
        _groupOf = groupOf;
        _groupWeights = groupWeights;
        _groupSizes = groupSizes;
    }

    /// <summary>
    /// The distribution for <paramref name="clientLocality"/>, or null when no rule's <c>from</c> matches it (plain
    /// load balancing over every endpoint, as Istio leaves the assignment untouched).
    /// </summary>
    /// <param name="clientLocality">This workload's locality.</param>
    /// <param name="rules">The <c>distribute</c> rules, in configuration order.</param>
    /// <param name="endpoints">The cluster's endpoints, in model order.</param>
    public static LocalityDistribution? Create(string clientLocality, IReadOnlyList<LocalityDistributeRule> rules, IReadOnlyList<LbEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var weights = LocalityPriority.DistributeWeights(Locality.Parse(clientLocality), rules, endpoints);
        if (weights is null)
        {
            return null;
        }

        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupWeights = new List<uint>();
        var groupSizes = new List<int>();
        var groupOf = new int[endpoints.Count];
        for (var i = 0; i < endpoints.Count; i++)
        {
            var key = endpoints[i].Locality ?? string.Empty;
            var weight = weights.GetValueOrDefault(key);
            if (weight == 0)
            {
                groupOf[i] = -1;
                continue;
            }

            if (!groups.TryGetValue(key, out var group))
            {
                group = groups.Count;
                groups.Add(key, group);
                groupWeights.Add(weight);
                groupSizes.Add(0);
            }

            groupOf[i] = group;
            groupSizes[group]++;
        }

        return new LocalityDistribution(groupOf, [.. groupWeights], [.. groupSizes]);
    }

    /// <summary>Whether the endpoint at <paramref name="index"/> (model order) may receive traffic at all.</summary>
    public bool Includes(int index) => _groupOf[index] >= 0;

    /// <summary>
    /// Splits a candidate set (indexes of the selectable endpoints, each <see cref="Includes">included</see>) into
    /// per-locality arrays with their effective weights.
    /// </summary>
    /// <param name="indexes">Indexes of the candidates in <paramref name="all"/>.</param>
    /// <param name="all">The endpoints this distribution was created for.</param>
    public LocalityCandidates Split(IReadOnlyList<int> indexes, IReadOnlyList<LbEndpoint> all)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        ArgumentNullException.ThrowIfNull(all);
        var members = new List<LbEndpoint>?[_groupWeights.Length];
        foreach (var index in indexes)
        {
            var group = _groupOf[index];
            (members[group] ??= []).Add(all[index]);
        }

        var endpoints = new List<LbEndpoint[]>();
        var weights = new List<int>();
        for (var group = 0; group < members.Length; group++)
        {
            if (members[group] is not { Count: > 0 } present)
            {
                continue;
            }

            // Envoy's locality availability with its overprovisioning factor of 1.4, in percent.
            var availability = Math.Min(100L, 140L * present.Count / _groupSizes[group]);
            endpoints.Add([.. present]);
            weights.Add((int)Math.Max(1L, _groupWeights[group] * availability));
        }

        return new LocalityCandidates([.. endpoints], endpoints.Count == 0 ? null : new WeightedPicker(weights));
    }
}

/// <summary>A candidate set split by locality: the arrays the load balancer picks within, and the locality picker.</summary>
internal sealed class LocalityCandidates
{
    private readonly LbEndpoint[][] _localities;
    private readonly WeightedPicker? _picker;

    /// <summary>Creates the split.</summary>
    /// <param name="localities">Per locality, its selectable endpoints (each array non-empty).</param>
    /// <param name="picker">Picks a locality by effective weight; null when there is none.</param>
    public LocalityCandidates(LbEndpoint[][] localities, WeightedPicker? picker)
    {
        _localities = localities;
        _picker = picker;
    }

    /// <summary>
    /// The endpoints of one locality chosen by weight: by the request's hash when it has one, so that consistent
    /// hashing stays sticky, otherwise by a random draw. Empty when nothing is selectable.
    /// </summary>
    public LbEndpoint[] Choose(RandomSource random, ulong? hash)
    {
        if (_picker is null)
        {
            return [];
        }

        return _localities[hash is { } value ? _picker.Pick(value) : _picker.Pick(random)];
    }
}
