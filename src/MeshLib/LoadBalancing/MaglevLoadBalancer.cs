using System.IO.Hashing;
using System.Text;

namespace MeshLib.LoadBalancing;

/// <summary>
/// Envoy's MAGLEV: a lookup table of prime size (default 65537) filled by each endpoint's permutation
/// <c>(offset + skip * j) % size</c>, where <c>offset = xxHash64(key, seed 0) % size</c> and
/// <c>skip = xxHash64(key, seed 1) % (size - 1) + 1</c>, in turns weighted by normalized weight; a request
/// goes to <c>table[hash % size]</c>. Endpoints are ordered by key before filling, as Envoy does, so the table
/// does not depend on the order endpoints arrive in. Built once per endpoint list; immutable.
/// </summary>
/// <remarks>
/// Ejected endpoints: Envoy rebuilds the table from the healthy hosts. Here a pick whose slot belongs to a
/// non-candidate probes the following slots until one belongs to a candidate: the ejected endpoint's keys
/// spread over the others roughly by their table share, and every other key keeps its endpoint.
/// Callers who want Envoy's exact rebuild can call <see cref="Build"/> with the healthy endpoints.
/// </remarks>
internal sealed class MaglevLoadBalancer : ILoadBalancer
{
    /// <summary>Envoy's default table size (recommended by the Maglev paper).</summary>
    public const ulong DefaultTableSize = 65537;

    /// <summary>The largest table size Envoy accepts.</summary>
    public const ulong MaximumTableSize = 5000011;

    private readonly LbEndpoint[] _endpoints;
    private readonly int[] _table;
    private CandidateMask? _mask;

    private MaglevLoadBalancer(LbEndpoint[] endpoints, int[] table, int tableSize)
    {
        _endpoints = endpoints;
        _table = table;
        TableSize = tableSize;
    }

    /// <summary>The endpoints the table was built from, in the given order.</summary>
    public IReadOnlyList<LbEndpoint> Endpoints => _endpoints;

    /// <summary>The configured table size (no table is allocated when built from no endpoints).</summary>
    public int TableSize { get; }

    /// <summary>Builds the table, as Envoy does on every host-set change.</summary>
    /// <param name="endpoints">The cluster's endpoints.</param>
    /// <param name="tableSize">A prime no larger than 5,000,011; default 65537.</param>
    /// <returns>The balancer over the new table.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is not prime or too large.</exception>
    public static MaglevLoadBalancer Build(IReadOnlyList<LbEndpoint> endpoints, ulong tableSize = DefaultTableSize)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tableSize, MaximumTableSize);
        if (!Primes.IsPrime(tableSize))
        {
            throw new ArgumentOutOfRangeException(nameof(tableSize), tableSize, "The table size of maglev must be prime number");
        }

        var list = new LbEndpoint[endpoints.Count];
        ulong sum = 0;
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = endpoints[i];
            sum += list[i].Weight;
        }

        if (list.Length == 0)
        {
            return new MaglevLoadBalancer(list, [], (int)tableSize);
        }

        var size = (int)tableSize;
        var order = new int[list.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // A stable fill order keeps the table independent of endpoint arrival order (Envoy sorts by key).
        Array.Sort(order, (a, b) =>
        {
            var byKey = string.CompareOrdinal(list[a].HashKey, list[b].HashKey);
            return byKey != 0 ? byKey : a.CompareTo(b);
        });

        var entries = new BuildEntry[list.Length];
        var maxNormalized = 0.0;
        for (var i = 0; i < order.Length; i++)
        {
            var endpoint = list[order[i]];
            var key = Encoding.UTF8.GetBytes(endpoint.HashKey);
            var weight = endpoint.Weight * 1.0 / sum;
            maxNormalized = Math.Max(maxNormalized, weight);
            var offset = XxHash64.HashToUInt64(key) % tableSize;
            entries[i] = new BuildEntry
            {
                Endpoint = order[i],
                Slot = (int)offset,
                Skip = (XxHash64.HashToUInt64(key, 1) % (tableSize - 1)) + 1,
                Weight = weight,
            };
        }

        var table = new int[size];
        Array.Fill(table, -1);
        var filled = 0;
        for (uint iteration = 1; filled < size; iteration++)
        {
            for (var i = 0; i < entries.Length && filled < size; i++)
            {
                ref var entry = ref entries[i];
                // An endpoint with the largest weight takes a slot every round; one with a third of it every third round.
                if (iteration * entry.Weight < entry.TargetWeight)
                {
                    continue;
                }

                entry.TargetWeight += maxNormalized;
                while (table[entry.Slot] >= 0)
                {
                    entry.Advance(tableSize);
                }

                table[entry.Slot] = entry.Endpoint;
                entry.Advance(tableSize);
                filled++;
            }
        }

        return new MaglevLoadBalancer(list, table, size);
    }

    /// <inheritdoc />
    public LbEndpoint? Pick(in LbContext context)
    {
        var candidates = context.Candidates;
        if (candidates.Length == 0)
        {
            return null;
        }

        // No key: Envoy draws a random hash, which makes this a (table-share weighted) random pick.
        var hash = context.Hash ?? context.Random.NextUInt64();
        var mask = CandidateMask.For(ref _mask, _endpoints, candidates);
        if (mask.SelectableCount == 0)
        {
            // The table predates the candidates (not rebuilt yet): stay deterministic per key.
            return candidates[(int)(hash % (ulong)candidates.Length)];
        }

        var slot = (int)(hash % (ulong)_table.Length);
        if (mask.AllSelectable)
        {
            return _endpoints[_table[slot]];
        }

        for (var step = 0; step < _table.Length; step++)
        {
            var owner = _table[slot];
            if (mask.IsSelectable(owner))
            {
                return _endpoints[owner];
            }

            slot = slot + 1 == _table.Length ? 0 : slot + 1;
        }

        return candidates[(int)(hash % (ulong)candidates.Length)];
    }

    /// <summary>The endpoint owning <paramref name="hash"/> in the full table, ignoring candidates.</summary>
    /// <param name="hash">A request hash.</param>
    /// <returns>The owner, or null for an empty table.</returns>
    public LbEndpoint? Lookup(ulong hash) => _table.Length == 0 ? null : _endpoints[_table[(int)(hash % (ulong)_table.Length)]];

    /// <summary>How many table slots each endpoint owns, in <see cref="Endpoints"/> order (diagnostics, tests).</summary>
    /// <returns>Slot counts.</returns>
    public int[] CountSlots()
    {
        var counts = new int[_endpoints.Length];
        foreach (var owner in _table)
        {
            counts[owner]++;
        }

        return counts;
    }

    private struct BuildEntry
    {
        public int Endpoint;
        public ulong Skip;
        public double Weight;
        public double TargetWeight;

        // The endpoint's permutation (offset + skip * next) % size, stepped incrementally: the last slots of a
        // large table take many probes, and an add-and-subtract is far cheaper than a 64-bit modulo.
        public int Slot;

        public void Advance(ulong size)
        {
            var next = (ulong)Slot + Skip;
            Slot = (int)(next >= size ? next - size : next);
        }
    }
}
