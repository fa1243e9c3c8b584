namespace MeshLib.Cli.Explain;

/// <summary>
/// Everything <c>meshctl explain</c> found out about one request: the virtual host, the route and why it matched
/// (or why none did), the destinations with their clusters and endpoints, and the policies that apply.
/// </summary>
/// <param name="Request">The request as the router sees it.</param>
/// <param name="Outcome">What happens to it.</param>
/// <param name="Status">The status the mesh answers with itself (404, 502, a redirect or direct-response code), or null when the request goes upstream.</param>
/// <param name="Summary">One sentence saying what happens.</param>
/// <param name="OutboundTrafficPolicy">The outbound traffic policy assumed: <c>ALLOW_ANY</c> or <c>REGISTRY_ONLY</c>.</param>
/// <param name="VirtualHost">The virtual host the request's host selects, or null.</param>
/// <param name="Route">The route that matched, or null.</param>
/// <param name="Routes">Every route of the virtual host, in order, each match block evaluated against the request.</param>
/// <param name="Destinations">The weighted destinations of a forwarding route.</param>
/// <param name="Redirect">The redirect, for a redirect route.</param>
/// <param name="DirectResponse">The fixed response, for a direct-response route.</param>
/// <param name="Policies">The route's fault, timeout, retries, rewrite and mirrors, for a forwarding route.</param>
internal sealed record Explanation(
    RequestInfo Request,
    ExplanationOutcome Outcome,
    int? Status,
    string Summary,
    string OutboundTrafficPolicy,
    VirtualHostInfo? VirtualHost,
    RouteInfo? Route,
    IReadOnlyList<RouteInfo> Routes,
    IReadOnlyList<DestinationInfo> Destinations,
    RedirectInfo? Redirect,
    DirectResponseInfo? DirectResponse,
    RoutePoliciesInfo? Policies);
