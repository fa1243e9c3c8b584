namespace MeshLib.Routing;

/// <summary>
/// The header operations that apply to one forwarded request once the destination is known, in Envoy's order,
/// and the effective authority (Istio route.go <c>applyHTTPRouteDestination</c>, Envoy header precedence).
/// </summary>
internal sealed class HeaderOperationsPlan
{
    private HeaderOperationsPlan(HeaderOperations[] request, HeaderOperations[] response, string? authority)
    {
        RequestLevels = request;
        ResponseLevels = response;
        Authority = authority;
        WritesRequest = request.Length > 0 || authority is not null;
    }

    /// <summary>Request levels, applied in order (each removes, then writes).</summary>
    public IReadOnlyList<HeaderOperations> RequestLevels { get; }

    /// <summary>Response levels, applied in order.</summary>
    public IReadOnlyList<HeaderOperations> ResponseLevels { get; }

    /// <summary>The Host to send, or <see langword="null"/> to keep the request's.</summary>
    public string? Authority { get; }

    /// <summary>Whether applying the plan can change the request's headers (request levels or an authority).</summary>
    public bool WritesRequest { get; }

    /// <summary>
    /// Resolves the order and the authority.
    /// <list type="bullet">
    /// <item>Single destination: Istio appends the destination's lists to the route's, one Envoy level: all
    /// removes, then the route's writes, then the destination's, so a destination <c>set</c> wins.</item>
    /// <item>Weighted destinations: the destination's block is Envoy's weighted-cluster level, applied before the
    /// route level; Istio leaves <c>most_specific_header_mutations_wins</c> off, so a route <c>set</c> wins.</item>
    /// <item>Authority: the route's (<c>rewrite.authority</c>, else route <c>headers</c> <c>:authority</c>/<c>Host</c>)
    /// wins over the destination's, in both cases.</item>
    /// </list>
    /// </summary>
    /// <param name="routeRequest">Route <c>headers.request</c>.</param>
    /// <param name="routeResponse">Route <c>headers.response</c>.</param>
    /// <param name="destinationRequest">Picked destination's <c>headers.request</c>.</param>
    /// <param name="destinationResponse">Picked destination's <c>headers.response</c>.</param>
    /// <param name="weighted">Whether the route has more than one destination (Envoy <c>weighted_clusters</c>).</param>
    /// <param name="rewriteAuthority">The route's <c>rewrite.authority</c>.</param>
    /// <returns>The plan.</returns>
    public static HeaderOperationsPlan Create(
        HeaderOperations? routeRequest,
        HeaderOperations? routeResponse,
        HeaderOperations? destinationRequest,
        HeaderOperations? destinationResponse,
        bool weighted,
        string? rewriteAuthority)
    {
        routeRequest ??= HeaderOperations.Empty;
        routeResponse ??= HeaderOperations.Empty;
        destinationRequest ??= HeaderOperations.Empty;
        destinationResponse ??= HeaderOperations.Empty;

        var routeAuthority = string.IsNullOrEmpty(rewriteAuthority) ? routeRequest.Authority : rewriteAuthority;
        var authority = string.IsNullOrEmpty(routeAuthority) ? destinationRequest.Authority : routeAuthority;

        return weighted
            ? new HeaderOperationsPlan(Levels(destinationRequest, routeRequest), Levels(destinationResponse, routeResponse), authority)
            : new HeaderOperationsPlan(
                Levels(HeaderOperations.Concat(routeRequest, destinationRequest)),
                Levels(HeaderOperations.Concat(routeResponse, destinationResponse)),
                authority);
    }

    private static HeaderOperations[] Levels(params HeaderOperations[] levels)
    {
        var count = 0;
        foreach (var level in levels)
        {
            if (!level.IsEmpty)
            {
                count++;
            }
        }

        var result = new HeaderOperations[count];
        var i = 0;
        foreach (var level in levels)
        {
            if (!level.IsEmpty)
            {
                result[i++] = level;
            }
        }

        return result;
    }
}
