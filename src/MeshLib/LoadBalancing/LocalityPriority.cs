namespace MeshLib.LoadBalancing;

/// <summary>
/// The basics of Istio's locality load balancing, computed when endpoints change (not per request).
/// Failover priorities: same subzone 0, same zone 1, same region 2, other regions 3 — or 4 when a
/// <c>failover</c> rule for the client's region names a different target region — compacted to 0..N-1
/// (Istio <c>applyLocalityFailover</c>; it writes them only when the cluster has outlier detection).
/// Traffic per priority follows Envoy's overprovisioning: a level gets <c>min(100, 1.4 × healthy%)</c> and
/// the rest spills to the next. <c>distribute</c> turns percentages into locality weights (Istio
/// <c>applyLocalityWeights</c>).
/// </summary>
internal static class LocalityPriority
{
    /// <summary>Envoy's default overprovisioning factor, in percent.</summary>
    public const int OverprovisioningFactor = 140;

    /// <summary>The raw priority of an endpoint locality seen from the client (Istio's <c>LbPriority</c>).</summary>
    /// <param name="client">The client's locality.</param>
    /// <param name="endpoint">The endpoint's locality.</param>
    /// <returns>0 same subzone, 1 same zone, 2 same region, 3 other region.</returns>
    public static int RawPriority(Locality client, Locality endpoint)
    {
        if (client.Region != endpoint.Region)
        {
            return 3;
        }

        if (client.Zone != endpoint.Zone)
        {
            return 2;
        }

        return client.SubZone == endpoint.SubZone ? 0 : 1;
    }

    /// <summary>Assigns each endpoint its compacted failover priority.</summary>
    /// <param name="client">The client's locality.</param>
    /// <param name="endpoints">The cluster's endpoints.</param>
    /// <param name="failover">The <c>failover</c> rules (may be empty).</param>
    /// <returns>Priority per endpoint, in <paramref name="endpoints"/> order, with no gaps (0..levels-1).</returns>
    public static int[] AssignPriorities(Locality client, IReadOnlyList<LbEndpoint> endpoints, IReadOnlyList<LocalityFailoverRule> failover)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(failover);
        var priorities = new int[endpoints.Count];
        Span<bool> used = stackalloc bool[5];
        for (var i = 0; i < priorities.Length; i++)
        {
            var locality = Locality.Parse(endpoints[i].Locality);
            var priority = RawPriority(client, locality);
            if (priority == 3)
            {
                // Only the first rule for the client's region counts; other regions than its target drop to 4.
                for (var r = 0; r < failover.Count; r++)
                {
                    if (failover[r].From == client.Region)
                    {
                        if (locality.Region != failover[r].To)
                        {
                            priority = 4;
                        }

                        break;
                    }
                }
            }

            priorities[i] = priority;
            used[priority] = true;
        }

        // Envoy needs consecutive priorities: close the gaps left by unused levels.
        Span<int> compacted = stackalloc int[5];
        var next = 0;
        for (var level = 0; level < used.Length; level++)
        {
            compacted[level] = used[level] ? next++ : -1;
        }

        for (var i = 0; i < priorities.Length; i++)
        {
            priorities[i] = compacted[priorities[i]];
        }

        return priorities;
    }

    /// <summary>Groups endpoints by their compacted failover priority.</summary>
    /// <param name="client">The client's locality.</param>
    /// <param name="endpoints">The cluster's endpoints.</param>
    /// <param name="failover">The <c>failover</c> rules (may be empty).</param>
    /// <returns>One array per priority level, highest priority first; endpoint order is kept within a level.</returns>
    public static LbEndpoint[][] SplitByPriority(Locality client, IReadOnlyList<LbEndpoint> endpoints, IReadOnlyList<LocalityFailoverRule> failover)
    {
        var priorities = AssignPriorities(client, endpoints, failover);
        var levels = 0;
        foreach (var priority in priorities)
        {
            levels = Math.Max(levels, priority + 1);
        }

        var sizes = new int[levels];
        foreach (var priority in priorities)
        {
            sizes[priority]++;
        }

        var result = new LbEndpoint[levels][];
        for (var level = 0; level < levels; level++)
        {
            result[level] = new LbEndpoint[sizes[level]];
            sizes[level] = 0;
        }

        for (var i = 0; i < priorities.Length; i++)
        {
            var level = priorities[i];
            result[level][sizes[level]++] = endpoints[i];
        }

        return result;
    }

    /// <summary>
    /// Envoy's per-priority load in percent: each level's availability is <c>min(100, 140 × healthy / total)</c>;
    /// levels are filled in order from 100% scaled by the total availability; rounding leftovers go to the first
    /// available level. With nothing healthy anywhere all load stays on level 0 (Envoy then panics there).
    /// </summary>
    /// <param name="healthy">Healthy endpoint count (or weight) per level.</param>
    /// <param name="total">Total endpoint count (or weight) per level.</param>
    /// <param name="load">Receives the percentage per level; same length as the inputs.</param>
    public static void ComputePriorityLoad(ReadOnlySpan<int> healthy, ReadOnlySpan<int> total, Span<int> load)
    {
        if (healthy.Length != total.Length || load.Length != total.Length)
        {
            throw new ArgumentException("healthy, total and load must have the same length.", nameof(load));
        }

        load.Clear();
        if (load.IsEmpty)
        {
            return;
        }

        var availabilitySum = 0;
        for (var i = 0; i < total.Length; i++)
        {
            availabilitySum += Availability(healthy[i], total[i]);
        }

        var normalizedTotal = Math.Min(100, availabilitySum);
        if (normalizedTotal == 0)
        {
            load[0] = 100;
            return;
        }

        var remaining = 100;
        var firstAvailable = -1;
        for (var i = 0; i < total.Length; i++)
        {
            var availability = Availability(healthy[i], total[i]);
            if (firstAvailable < 0 && availability > 0)
            {
                firstAvailable = i;
            }

            load[i] = Math.Min(remaining, availability * 100 / normalizedTotal);
            remaining -= load[i];
        }

        load[firstAvailable] += remaining;
    }

    /// <summary>Chooses a level from the per-priority load with a hash or random draw, as Envoy's <c>choosePriority</c>.</summary>
    /// <param name="load">Per-level percentages adding up to 100.</param>
    /// <param name="draw">The request hash (consistent hashing) or a random value.</param>
    /// <returns>The chosen level.</returns>
    public static int ChoosePriority(ReadOnlySpan<int> load, ulong draw)
    {
        var point = (int)(draw % 100) + 1;
        var aggregate = 0;
        for (var i = 0; i < load.Length; i++)
        {
            aggregate += load[i];
            if (point <= aggregate)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>
    /// Applies <c>distribute</c>: the first rule whose <c>From</c> matches the client sets each destination
    /// locality's weight to <c>ceil(localityWeight × percent / sum of the matched localities' weights)</c>, where a
    /// locality's weight is the sum of its endpoints' weights; a locality matched by no <c>To</c> pattern gets
    /// no traffic. Each locality is claimed by the first pattern that matches it.
    /// </summary>
    /// <param name="client">The client's locality.</param>
    /// <param name="rules">The <c>distribute</c> rules.</param>
    /// <param name="endpoints">The cluster's endpoints.</param>
    /// <returns>
    /// Weight per endpoint locality text (as in <see cref="LbEndpoint.Locality"/>, null mapped to the empty
    /// string); 0 means no traffic. Null when no rule applies to this client.
    /// </returns>
    public static IReadOnlyDictionary<string, uint>? DistributeWeights(Locality client, IReadOnlyList<LocalityDistributeRule> rules, IReadOnlyList<LbEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(endpoints);
        LocalityDistributeRule? rule = null;
        for (var i = 0; i < rules.Count; i++)
        {
            if (client.Matches(rules[i].From))
            {
                rule = rules[i];
                break;
            }
        }

        if (rule is null)
        {
            return null;
        }

        // Locality groups in first-seen order with their summed endpoint weights.
        var groupWeights = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var groups = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var key = endpoint.Locality ?? string.Empty;
            if (!groupWeights.TryGetValue(key, out var sum))
            {
                groups.Add(key);
            }

            groupWeights[key] = sum + endpoint.Weight;
        }

        var result = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            result[group] = 0;
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var matched = new List<string>();
        foreach (var (pattern, percent) in rule.To)
        {
            matched.Clear();
            ulong matchedWeight = 0;
            foreach (var group in groups)
            {
                if (!claimed.Contains(group) && Locality.Parse(group).Matches(pattern))
                {
                    claimed.Add(group);
                    matched.Add(group);
                    matchedWeight += groupWeights[group];
                }
            }

            foreach (var group in matched)
            {
                var weight = (double)groupWeights[group] * percent / matchedWeight;
                if (weight > 0)
                {
                    result[group] = (uint)Math.Ceiling(weight);
                }
            }
        }

        return result;
    }

    private static int Availability(int healthy, int total) =>
        total <= 0 ? 0 : (int)Math.Min(100L, (long)OverprovisioningFactor * healthy / total);
}
