namespace MeshLib.LoadBalancing;

/// <summary>
/// Which endpoints of a consistent-hash table are in the current candidate set, as one flag per table
/// endpoint. Built once per candidate array (compared by reference) so that walking past ejected
/// endpoints costs O(1) per step and no allocation.
/// </summary>
internal sealed class CandidateMask
{
    private readonly bool[] _selectable;

    private CandidateMask(LbEndpoint[] candidates, bool[] selectable, int selectableCount)
    {
        Candidates = candidates;
        _selectable = selectable;
        SelectableCount = selectableCount;
    }

    /// <summary>The candidate array this mask was built for.</summary>
    public LbEndpoint[] Candidates { get; }

    /// <summary>How many table endpoints are candidates.</summary>
    public int SelectableCount { get; }

    /// <summary>True when every table endpoint is a candidate, so no lookup needs checking.</summary>
    public bool AllSelectable => SelectableCount == _selectable.Length;

    /// <summary>Whether the table endpoint at <paramref name="endpointIndex"/> may be picked.</summary>
    /// <param name="endpointIndex">Index into the table's endpoint list.</param>
    /// <returns>True when it is a candidate.</returns>
    public bool IsSelectable(int endpointIndex) => _selectable[endpointIndex];

    /// <summary>Returns the cached mask for <paramref name="candidates"/>, rebuilding it when the array changed.</summary>
    /// <param name="cache">The table's cache field.</param>
    /// <param name="tableEndpoints">The endpoints the table was built from.</param>
    /// <param name="candidates">The current candidates.</param>
    /// <returns>The mask.</returns>
    public static CandidateMask For(ref CandidateMask? cache, LbEndpoint[] tableEndpoints, LbEndpoint[] candidates)
    {
        var current = Volatile.Read(ref cache);
        if (current is not null && ReferenceEquals(current.Candidates, candidates))
        {
            return current;
        }

        var set = new HashSet<LbEndpoint>(candidates, ReferenceEqualityComparer.Instance);
        var selectable = new bool[tableEndpoints.Length];
        var count = 0;
        for (var i = 0; i < tableEndpoints.Length; i++)
        {
            if (set.Contains(tableEndpoints[i]))
            {
                selectable[i] = true;
                count++;
            }
        }

        var built = new CandidateMask(candidates, selectable, count);
        Volatile.Write(ref cache, built);
        return built;
    }
}
