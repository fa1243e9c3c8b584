using MeshLib.Internal;

namespace MeshLib.LoadBalancing;

/// <summary>
/// What one pick needs: the endpoints that may be chosen now, the request's hash (consistent hashing only)
/// and the random source. A struct passed by <c>in</c>, so a pick allocates nothing.
/// </summary>
/// <remarks>
/// <see cref="Candidates"/> is treated as an immutable snapshot: the owner builds a new array whenever the
/// selectable set changes (endpoint update, ejection, un-ejection) and never mutates one it has handed out.
/// Load balancers cache derived state (EDF schedule, membership mask) by the array's reference, which is
/// what keeps the per-request path allocation-free; mutating an array in place would leave that state stale.
/// </remarks>
internal readonly struct LbContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="candidates">The endpoints that may be picked (healthy ones, or all in panic).</param>
    /// <param name="random">The random source for this pick.</param>
    /// <param name="hash">The request hash for consistent hashing; null when the request yields no key.</param>
    public LbContext(LbEndpoint[] candidates, RandomSource random, ulong? hash = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        Candidates = candidates;
        Random = random;
        Hash = hash;
    }

    /// <summary>The endpoints that may be picked, as an immutable snapshot.</summary>
    public LbEndpoint[] Candidates { get; }

    /// <summary>The random source.</summary>
    public RandomSource Random { get; }

    /// <summary>The request hash (see <see cref="HashKey"/>); null means "no key", which Envoy answers with a random hash.</summary>
    public ulong? Hash { get; }
}
