namespace MeshLib.LoadBalancing;

/// <summary>
/// Envoy's earliest-deadline-first scheduler for weighted round robin and weighted least-request: each entry
/// waits until <c>deadline = now + 1/weight</c>; a pick takes the earliest deadline (ties: first inserted)
/// and re-inserts the endpoint with its weight as of that moment. O(log n) per pick.
/// </summary>
/// <remarks>
/// Envoy keeps one scheduler per worker thread; here one scheduler serves all threads of a cluster, so a pick
/// takes a short lock. The heap is a fixed array built once per candidate set, so picks allocate nothing.
/// </remarks>
internal sealed class EdfScheduler
{
    private readonly LbEndpoint[] _endpoints;
    private readonly Entry[] _heap;
    private readonly double _activeRequestBias;
    private readonly Lock _gate = new();
    private double _now;
    private ulong _order;

    /// <summary>Builds the schedule for a candidate set.</summary>
    /// <param name="endpoints">The endpoints to schedule (at least one).</param>
    /// <param name="activeRequestBias">0 for static weights (round robin); otherwise Envoy's least-request bias.</param>
    /// <param name="initialPicks">
    /// Picks to make up front, as Envoy's <c>createWithPicks(seed)</c> does, so that clients started together
    /// do not all hit the same endpoint first.
    /// </param>
    public EdfScheduler(LbEndpoint[] endpoints, double activeRequestBias, int initialPicks)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentOutOfRangeException.ThrowIfZero(endpoints.Length);
        _endpoints = endpoints;
        _activeRequestBias = activeRequestBias;
        _heap = new Entry[endpoints.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            _heap[i] = new Entry(1.0 / EffectiveWeight(endpoints[i]), (ulong)i, i);
        }

        _order = (ulong)endpoints.Length;
        for (var i = (_heap.Length / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }

        for (var i = 0; i < initialPicks; i++)
        {
            PickLocked();
        }
    }

    /// <summary>The endpoints this schedule was built for.</summary>
    public LbEndpoint[] Endpoints => _endpoints;

    /// <summary>Takes the endpoint with the earliest deadline and re-schedules it.</summary>
    /// <returns>The chosen endpoint.</returns>
    public LbEndpoint Pick()
    {
        lock (_gate)
        {
            return PickLocked();
        }
    }

    /// <summary>
    /// Envoy's host weight: the configured weight, scaled for least-request by
    /// <c>1 / (active + 1)^bias</c> (bias 1 is a plain division, bias 0 ignores load).
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="activeRequestBias">The bias.</param>
    /// <returns>The effective weight, always positive.</returns>
    public static double EffectiveWeight(LbEndpoint endpoint, double activeRequestBias)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        double weight = endpoint.Weight;
        if (activeRequestBias == 0.0)
        {
            return weight;
        }

        var active = (double)Math.Max(0, endpoint.ActiveRequests) + 1.0;
        return activeRequestBias == 1.0 ? weight / active : weight / Math.Pow(active, activeRequestBias);
    }

    private double EffectiveWeight(LbEndpoint endpoint) => EffectiveWeight(endpoint, _activeRequestBias);

    private LbEndpoint PickLocked()
    {
        ref var top = ref _heap[0];
        _now = top.Deadline;
        var endpoint = _endpoints[top.Index];
        // Pop and re-add in one step: the root gets its next deadline and sinks to its place.
        top = new Entry(_now + (1.0 / EffectiveWeight(endpoint)), _order++, top.Index);
        SiftDown(0);
        return endpoint;
    }

    private void SiftDown(int index)
    {
        var heap = _heap;
        var item = heap[index];
        var count = heap.Length;
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && heap[child + 1].IsBefore(heap[child]))
            {
                child++;
            }

            if (!heap[child].IsBefore(item))
            {
                break;
            }

            heap[index] = heap[child];
            index = child;
        }

        heap[index] = item;
    }

    private readonly struct Entry(double deadline, ulong order, int index)
    {
        public double Deadline { get; } = deadline;

        public ulong Order { get; } = order;

        public int Index { get; } = index;

        // Equal deadlines keep FIFO order, as Envoy's order_offset does.
        public bool IsBefore(Entry other) => Deadline < other.Deadline || (Deadline == other.Deadline && Order < other.Order);
    }
}
