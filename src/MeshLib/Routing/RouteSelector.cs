namespace MeshLib.Routing;

/// <summary>
/// Picks the route for a request as Envoy does for Istio's ordered <c>http[]</c>: the first route with a
/// matching block wins; none means 404 (NR). Allocation-free. Envoy scans the table; here a
/// <see cref="RouteIndex"/> narrows the scan to the blocks the request can match, with the same result.
/// </summary>
internal sealed class RouteSelector
{
    private readonly RouteEntry[] _routes;
    private readonly RouteIndex? _index;

    /// <summary>Creates a selector over routes in their configured order.</summary>
    /// <param name="routes">The routes.</param>
    public RouteSelector(IReadOnlyList<RouteEntry> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _routes = [.. routes];
        _index = RouteIndex.TryCreate(_routes);
    }

    /// <summary>The routes, in order.</summary>
    public IReadOnlyList<RouteEntry> Routes => _routes;

    /// <summary>The payload of the first matching route, or -1 when none matches.</summary>
    /// <param name="request">The request.</param>
    /// <param name="destinationPort">The port the request is for.</param>
    /// <returns>The payload, or -1.</returns>
    public int Select(in RequestView request, int destinationPort) => Select(in request, destinationPort, out _);

    /// <summary>
    /// The payload of the first matching route, or -1, and the block that matched (a rewrite or redirect
    /// needs it to know which prefix to replace). A route without blocks reports <see cref="RouteMatch.Any"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="destinationPort">The port the request is for.</param>
    /// <param name="matched">The block that matched, when a route matched.</param>
    /// <returns>The payload, or -1.</returns>
    public int Select(in RequestView request, int destinationPort, out RouteMatch? matched) =>
        _index is not null ? _index.Select(in request, destinationPort, out matched) : Scan(in request, destinationPort, out matched);

    private int Scan(in RequestView request, int destinationPort, out RouteMatch? matched)
    {
        foreach (var route in _routes)
        {
            var blocks = route.Matches;
            if (blocks.Length == 0)
            {
                matched = RouteMatch.Any;
                return route.Payload;
            }

            foreach (var block in blocks)
            {
                if (block.Matches(in request, destinationPort))
                {
                    matched = block;
                    return route.Payload;
                }
            }
        }

        matched = null;
        return -1;
    }
}
