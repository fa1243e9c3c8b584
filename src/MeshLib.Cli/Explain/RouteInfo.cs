namespace MeshLib.Cli.Explain;

/// <summary>One route of a virtual host and how its match blocks fare against the request.</summary>
/// <param name="Index">The route's position among the virtual host's routes (0-based).</param>
/// <param name="Name">The route's <c>name</c>, or <c>#index</c> (its position in the VirtualService's <c>http</c> list).</param>
/// <param name="VirtualService">The VirtualService the route comes from; null for a default route.</param>
/// <param name="Action">What the route does: <c>forward</c>, <c>redirect</c> or <c>directResponse</c>.</param>
/// <param name="Matched">Whether this is the route the request takes.</param>
/// <param name="MatchedBy">The block that matched (the first one that does), when the route matched.</param>
/// <param name="Matches">Every match block, evaluated; empty when the route matches every request.</param>
internal sealed record RouteInfo(
    int Index,
    string Name,
    string? VirtualService,
    string Action,
    bool Matched,
    MatchInfo? MatchedBy,
    IReadOnlyList<MatchInfo> Matches);
