using MeshLib.Configuration.VirtualService;
using MeshLib.LoadBalancing;
using MeshLib.Routing;

namespace MeshLib.Model;

/// <summary>One compiled HTTP route of a virtual host: its matches, its action and everything the action needs.</summary>
internal sealed class RouteModel
{
    /// <summary>The route's name, or <c>#index</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The VirtualService the route comes from, as <c>Kind/namespace/name</c> (empty for a default route).</summary>
    public required string VirtualService { get; init; }

    /// <summary>The route as configured (after delegate flattening).</summary>
    public required HttpRouteConfig Config { get; init; }

    /// <summary>The match blocks, ORed; empty matches everything.</summary>
    public required IReadOnlyList<RouteMatch> Matches { get; init; }

    /// <summary>What the route does.</summary>
    public required RouteAction Action { get; init; }

    /// <summary>The weighted destinations (forward routes).</summary>
    public IReadOnlyList<DestinationModel> Destinations { get; init; } = [];

    /// <summary>One draw over the destination weights (forward routes).</summary>
    public WeightedPicker? Picker { get; init; }

    /// <summary>The redirect (redirect routes).</summary>
    public RedirectBuilder? Redirect { get; init; }

    /// <summary>The status of a direct response.</summary>
    public int DirectStatus { get; init; }

    /// <summary>The body of a direct response, if any.</summary>
    public byte[]? DirectBody { get; init; }

    /// <summary>Path and authority rewrite, if any.</summary>
    public PathRewriter? Rewrite { get; init; }

    /// <summary>Route-level response header operations, for redirects and direct responses.</summary>
    public HeaderOperations? ResponseHeaders { get; init; }

    /// <summary>The route timeout (covers all attempts); null means none, as Istio's default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Mirror targets.</summary>
    public IReadOnlyList<MirrorModel> Mirrors { get; init; } = [];

    /// <summary>Fault, route timeout and retries, built once (forward routes).</summary>
    public Retries.RoutePipeline? Pipeline { get; init; }

    /// <summary>The CORS policy, if any.</summary>
    public CorsPolicyEvaluator? Cors { get; init; }

    /// <summary>Picks the destination for one request (one draw, kept for all retries).</summary>
    public DestinationModel PickDestination(Internal.RandomSource random) =>
        Destinations.Count == 1 ? Destinations[0] : Destinations[Picker!.Pick(random)];
}
