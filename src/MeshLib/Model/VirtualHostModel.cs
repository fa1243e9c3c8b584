using MeshLib.Routing;

namespace MeshLib.Model;

/// <summary>The routes for one host: a VirtualService's HTTP routes, or the default route of a service without one.</summary>
internal sealed class VirtualHostModel
{
    /// <summary>A virtual host whose routes are tried in order, each with all its match blocks.</summary>
    public VirtualHostModel(string host, string virtualService, IReadOnlyList<RouteModel> routes)
        : this(host, virtualService, routes, [.. routes.Select((r, i) => new RouteEntry(r.Matches, i))], requiresTls: false)
    {
    }

    /// <summary>A virtual host with an explicit match order (a gateway merges several VirtualServices' routes).</summary>
    /// <param name="host">The host (FQDN or wildcard).</param>
    /// <param name="virtualService">The (first) VirtualService as <c>Kind/namespace/name</c>.</param>
    /// <param name="routes">The routes the entries point into.</param>
    /// <param name="entries">The match order; each payload indexes <paramref name="routes"/>.</param>
    /// <param name="requiresTls">Whether a plain HTTP request is redirected to https (a gateway server's <c>httpsRedirect</c>).</param>
    public VirtualHostModel(string host, string virtualService, IReadOnlyList<RouteModel> routes, IReadOnlyList<RouteEntry> entries, bool requiresTls)
    {
        Host = host;
        VirtualService = virtualService;
        Routes = routes;
        Selector = new RouteSelector(entries);
        RequiresTls = requiresTls;
    }

    /// <summary>The host (FQDN or wildcard).</summary>
    public string Host { get; }

    /// <summary>The VirtualService as <c>Kind/namespace/name</c>; empty for a default route.</summary>
    public string VirtualService { get; }

    /// <summary>The routes; the selector decides the order in which their matches are tried.</summary>
    public IReadOnlyList<RouteModel> Routes { get; }

    /// <summary>The precompiled first-match selector over <see cref="Routes"/>.</summary>
    public RouteSelector Selector { get; }

    /// <summary>Whether plain HTTP requests get a 301 to https (Envoy's <c>require_tls: ALL</c>).</summary>
    public bool RequiresTls { get; }
}
