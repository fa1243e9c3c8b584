using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace MeshLib.LoadBalancing;

/// <summary>
/// Envoy's RING_HASH (Istio's default consistent hash). Each endpoint is hashed onto a 64-bit ring
/// (<c>xxHash64("address:port_i")</c>, seed 0) a number of times proportional to its weight; a request goes
/// to the first ring entry at or after its hash, wrapping to the start. The ring is built once per endpoint
/// list and is immutable.
/// </summary>
/// <remarks>
/// Ejected endpoints: Envoy rebuilds the ring from the healthy hosts. Here the ring is built from the whole
/// endpoint list and a pick whose entry belongs to a non-candidate walks clockwise to the next entry that
/// is a candidate. That is what a rebuilt ring yields for the ejected endpoint's keys, while every other
/// key keeps its endpoint (in Envoy a rebuild also changes the hashes-per-host count, moving a few more).
/// Callers who want Envoy's exact rebuild can call <see cref="Build"/> with the healthy endpoints.
/// </remarks>
internal sealed class RingHashLoadBalancer : ILoadBalancer
{
    /// <summary>Envoy's default (and Istio's explicit) minimum ring size.</summary>
    public const ulong DefaultMinimumRingSize = 1024;

    /// <summary>Envoy's default and largest maximum ring size.</summary>
    public const ulong DefaultMaximumRingSize = 8 * 1024 * 1024;

    private readonly LbEndpoint[] _endpoints;
    private readonly ulong[] _hashes;
    private readonly int[] _owners;
    private CandidateMask? _mask;

    private RingHashLoadBalancer(LbEndpoint[] endpoints, ulong[] hashes, int[] owners)
    {
        _endpoints = endpoints;
        _hashes = hashes;
        _owners = owners;
    }

    /// <summary>The endpoints the ring was built from, in the given order.</summary>
    public IReadOnlyList<LbEndpoint> Endpoints => _endpoints;

    /// <summary>The number of ring entries.</summary>
    public int RingSize => _hashes.Length;

    /// <summary>Builds the ring, as Envoy does on every host-set change.</summary>
    /// <param name="endpoints">The cluster's endpoints.</param>
    /// <param name="minimumRingSize">Minimum entries (1..8,388,608; default 1024).</param>
    /// <param name="maximumRingSize">Maximum entries (at least the minimum, at most 8,388,608).</param>
    /// <returns>The balancer over the new ring.</returns>
    public static RingHashLoadBalancer Build(IReadOnlyList<LbEndpoint> endpoints, ulong minimumRingSize = DefaultMinimumRingSize, ulong maximumRingSize = DefaultMaximumRingSize)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentOutOfRangeException.ThrowIfZero(minimumRingSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumRingSize, DefaultMaximumRingSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumRingSize, maximumRingSize);

        var list = new LbEndpoint[endpoints.Count];
        ulong sum = 0;
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = endpoints[i];
            sum += list[i].Weight;
        }

        if (list.Length == 0)
        {
            return new RingHashLoadBalancer(list, [], []);
        }

        var minNormalized = 1.0;
        for (var i = 0; i < list.Length; i++)
        {
            minNormalized = Math.Min(minNormalized, list[i].Weight * 1.0 / sum);
        }

        // Scale so that the lightest endpoint gets a whole number of entries, capped by the maximum size.
        var scale = Math.Min(Math.Ceiling(minNormalized * minimumRingSize) / minNormalized, maximumRingSize);
        var capacity = (int)Math.Ceiling(scale);
        var hashes = new List<ulong>(capacity);
        var owners = new List<int>(capacity);

        // Running sums spread fractional shares across endpoints instead of rounding each one.
        var current = 0.0;
        var target = 0.0;
        var buffer = new byte[64];
        for (var e = 0; e < list.Length; e++)
        {
            var keyLength = Encoding.UTF8.GetByteCount(list[e].HashKey);
            if (buffer.Length < keyLength + 21)
            {
                buffer = new byte[keyLength + 21];
            }

            Encoding.UTF8.GetBytes(list[e].HashKey, buffer);
            buffer[keyLength] = (byte)'_';
            target += scale * (list[e].Weight * 1.0 / sum);
            for (ulong replica = 0; current < target; replica++)
            {
                replica.TryFormat(buffer.AsSpan(keyLength + 1), out var digits, default, CultureInfo.InvariantCulture);
                hashes.Add(XxHash64.HashToUInt64(buffer.AsSpan(0, keyLength + 1 + digits)));
                owners.Add(e);
                current++;
            }
        }

        var hashArray = hashes.ToArray();
        var ownerArray = owners.ToArray();
        Array.Sort(hashArray, ownerArray);
        return new RingHashLoadBalancer(list, hashArray, ownerArray);
    }

    /// <inheritdoc />
    public LbEndpoint? Pick(in LbContext context)
    {
        var candidates = context.Candidates;
        if (candidates.Length == 0)
        {
            return null;
        }

        // No key: Envoy draws a random hash, which makes this a (ring-share weighted) random pick.
        var hash = context.Hash ?? context.Random.NextUInt64();
        var mask = CandidateMask.For(ref _mask, _endpoints, candidates);
        if (mask.SelectableCount == 0)
        {
            // The ring predates the candidates (not rebuilt yet): stay deterministic per key.
            return candidates[(int)(hash % (ulong)candidates.Length)];
        }

        var slot = FindSlot(hash);
        if (mask.AllSelectable)
        {
            return _endpoints[_owners[slot]];
        }

        for (var step = 0; step < _owners.Length; step++)
        {
            var owner = _owners[slot];
            if (mask.IsSelectable(owner))
            {
                return _endpoints[owner];
            }

            slot = slot + 1 == _owners.Length ? 0 : slot + 1;
        }

        return candidates[(int)(hash % (ulong)candidates.Length)];
    }

    /// <summary>The endpoint owning <paramref name="hash"/> on the full ring, ignoring candidates.</summary>
    /// <param name="hash">A request hash.</param>
    /// <returns>The owner, or null for an empty ring.</returns>
    public LbEndpoint? Lookup(ulong hash) => _hashes.Length == 0 ? null : _endpoints[_owners[FindSlot(hash)]];

    // First entry whose hash is >= the request hash; past the last entry wraps to the first.
    private int FindSlot(ulong hash)
    {
        int low = 0, high = _hashes.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_hashes[mid] < hash)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low == _hashes.Length ? 0 : low;
    }
}
