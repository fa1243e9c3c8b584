using MeshLib.Routing;

namespace MeshLib.Model;

/// <summary>The routes for one host: a VirtualService's HTTP routes, or the default route of a service without one.</summary>
internal sealed class VirtualHostModel(string host, string virtualService, IReadOnlyList<RouteModel> routes)
{
    /// <summary>The host (FQDN or wildcard).</summary>
    public string Host { get; } = host;

    /// <summary>The VirtualService as <c>Kind/namespace/name</c>; empty for a default route.</summary>
    public string VirtualService { get; } = virtualService;

    /// <summary>The routes in order; the first that matches wins.</summary>
    public IReadOnlyList<RouteModel> Routes { get; } = routes;

    /// <summary>The precompiled first-match selector over <see cref="Routes"/>.</summary>
    public RouteSelector Selector { get; } = new(routes.Select((r, i) => new RouteEntry(r.Matches, i)).ToList());
}
