using MeshLib.Internal;

namespace MeshLib.LoadBalancing;

/// <summary>
/// Chooses among a route's weighted destinations (Envoy <c>weighted_clusters</c>): one draw
/// <c>r = random % total</c>, then the destination whose interval <c>[w1 + … + w(i-1), w1 + … + wi)</c>
/// holds <c>r</c>. Weights are relative (they need not add up to 100); weight 0 is never picked; a single
/// destination is always picked whatever its weight, as Istio writes a plain cluster for it.
/// Built once per route; picks are a binary search and allocate nothing.
/// </summary>
internal sealed class WeightedPicker
{
    private readonly ulong[] _ends;
    private readonly ulong _total;

    /// <summary>Builds the picker.</summary>
    /// <param name="weights">Destination weights in configuration order (non-negative; with two or more, not all zero).</param>
    /// <exception cref="ArgumentException">No weights, a negative weight, or several weights that are all zero.</exception>
    public WeightedPicker(IReadOnlyList<int> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
        {
            throw new ArgumentException("At least one destination is required.", nameof(weights));
        }

        _ends = new ulong[weights.Count];
        ulong total = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] < 0)
            {
                throw new ArgumentException($"Weight {weights[i]} at index {i} is negative.", nameof(weights));
            }

            total += (ulong)weights[i];
            _ends[i] = total;
        }

        if (weights.Count > 1 && total == 0)
        {
            throw new ArgumentException("total destination weight = 0", nameof(weights));
        }

        _total = total;
    }

    /// <summary>The number of destinations (including zero-weight ones).</summary>
    public int Count => _ends.Length;

    /// <summary>The sum of the weights.</summary>
    public ulong TotalWeight => _total;

    /// <summary>Picks a destination with one draw of <see cref="RandomSource.NextUInt64"/> (none for a single destination).</summary>
    /// <param name="random">The random source.</param>
    /// <returns>The index of the chosen destination in the weights given to the constructor.</returns>
    public int Pick(RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_ends.Length == 1)
        {
            return 0;
        }

        return Pick(random.NextUInt64());
    }

    /// <summary>Picks the destination whose interval holds <c>value % total</c>: the same choice for the same value.</summary>
    /// <param name="value">Any 64-bit value, e.g. a random draw or a request's hash.</param>
    /// <returns>The index of the chosen destination in the weights given to the constructor.</returns>
    public int Pick(ulong value)
    {
        if (_ends.Length == 1)
        {
            return 0;
        }

        var draw = value % _total;
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
