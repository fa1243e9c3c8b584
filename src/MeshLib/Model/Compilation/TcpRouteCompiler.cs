using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using MeshLib.Configuration.VirtualService;
using MeshLib.Discovery;
using MeshLib.Routing;
using MeshLib.Tcp;

namespace MeshLib.Model.Compilation;

/// <summary>
/// Compiles the TCP side of the mesh: one <see cref="TcpServiceModel"/> per TCP port of each registry service, with
/// the <c>tcp</c> routes of the VirtualService for its host (an exact host before a wildcard, the oldest first).
/// </summary>
internal sealed class TcpRouteCompiler(ServiceRegistry services, ClusterCatalog clusters, MeshOptions options)
{
    /// <summary>The TCP services of <paramref name="resources"/> (validated, in load order).</summary>
    public IReadOnlyList<TcpServiceModel> Compile(IReadOnlyList<MeshResource> resources)
    {
        var virtualServices = new List<(VirtualServiceConfig Spec, string Namespace, string Reference)>();
        foreach (var resource in resources)
        {
            if (resource.Spec is VirtualServiceConfig { Tcp.Count: > 0, Hosts.Count: > 0 } spec
                && ExportRules.IsVisible(spec.ExportTo, resource.NamespaceOr(options.Namespace), options.Namespace))
            {
                virtualServices.Add((spec, resource.NamespaceOr(options.Namespace), resource.Reference(options.Namespace)));
            }
        }

        var result = new List<TcpServiceModel>();
        foreach (var service in services.All)
        {
            if (service.Host.StartsWith('*'))
            {
                continue;
            }

            foreach (var port in service.Ports)
            {
                if (!ServicePortProtocol.IsTcp(port.Protocol))
                {
                    continue;
                }

                var routes = new List<TcpRouteModel>();
                if (Find(virtualServices, service.Host) is { } virtualService)
                {
                    var tcp = virtualService.Spec.Tcp!;
                    for (var i = 0; i < tcp.Count; i++)
                    {
                        var gateways = virtualService.Spec.Gateways;
                        if (Route(tcp[i], i, port.Number, match => AppliesHere(match, port.Number, gateways), virtualService.Namespace, virtualService.Reference) is { } route)
                        {
                            routes.Add(route);
                        }
                    }
                }

                // Istio ends every TCP listener with the service's own cluster when no route takes all connections.
                if (!routes.Exists(r => r.Matches.Count == 0))
                {
                    routes.Add(new TcpRouteModel("default", string.Empty, [], [new TcpDestinationModel(service.Host, string.Empty, 0, clusters.Get(service, port.Number, string.Empty))]));
                }

                result.Add(new TcpServiceModel(service.Host, port.Number, service, routes));
            }
        }

        return result;
    }

    private (VirtualServiceConfig Spec, string Namespace, string Reference)? Find(List<(VirtualServiceConfig Spec, string Namespace, string Reference)> virtualServices, string host)
    {
        (VirtualServiceConfig, string, string)? wildcard = null;
        foreach (var candidate in virtualServices)
        {
            if (!BoundToMesh(candidate.Spec.Gateways))
            {
                continue;
            }

            foreach (var configured in candidate.Spec.Hosts!)
            {
                var fqdn = HostNames.ToFqdn(configured, candidate.Namespace, options.ClusterDomain);
                if (fqdn == host)
                {
                    return candidate;
                }

                if (wildcard is null && fqdn.StartsWith('*') && HostNames.WildcardMatches(fqdn, host))
                {
                    wildcard = candidate;
                }
            }
        }

        return wildcard;
    }

    /// <summary>
    /// Compiles <paramref name="route"/> (number <paramref name="index"/> of <paramref name="reference"/>) for a listener
    /// on <paramref name="port"/>: the match blocks <paramref name="appliesHere"/> keeps, its destinations and their clusters.
    /// Null when no block applies or no destination is left.
    /// </summary>
    public TcpRouteModel? Route(TcpRouteConfig route, int index, int port, Func<L4MatchAttributesConfig, bool> appliesHere, string resourceNamespace, string reference)
    {
        var matches = new List<L4Match>();
        if (route.Match is { Count: > 0 } blocks)
        {
            var matchesAll = false;
            foreach (var block in blocks)
            {
                if (!appliesHere(block))
                {
                    continue;
                }

                var match = Match(block);
                matchesAll |= match.MatchesAll;
                matches.Add(match);
            }

            // Every block was for another port, workload or gateway: the route does not exist on this listener.
            if (matches.Count == 0)
            {
                return null;
            }

            if (matchesAll)
            {
                matches.Clear();
            }
        }

        var weighted = (route.Route?.Count ?? 0) > 1;
        var destinations = new List<TcpDestinationModel>();
        foreach (var destination in route.Route ?? [])
        {
            // As for HTTP: with several destinations, weight 0 gets nothing and Istio leaves it out.
            if (weighted && (destination.Weight ?? 0) == 0)
            {
                continue;
            }

            destinations.Add(Destination(destination, port, resourceNamespace));
        }

        return destinations.Count == 0 ? null : new TcpRouteModel($"#{index}", reference, matches, destinations);
    }

    private TcpDestinationModel Destination(RouteDestinationConfig destination, int listenerPort, string resourceNamespace)
    {
        var host = HostNames.ToFqdn(destination.Destination?.Host ?? string.Empty, resourceNamespace, options.ClusterDomain);
        var subset = destination.Destination?.Subset ?? string.Empty;
        var weight = destination.Weight ?? 0;
        if (services.Find(host) is not { } service)
        {
            return new TcpDestinationModel(host, subset, weight, null);
        }

        // The named port, else the service's only port, else the port the connection arrived on.
        var port = destination.Destination?.Port?.Number is { } number and > 0
            ? (int)number
            : service.Ports.Count == 1 ? service.Ports[0].Number : listenerPort;
        return new TcpDestinationModel(host, subset, weight, clusters.Get(service, port, subset));
    }

    private bool AppliesHere(L4MatchAttributesConfig match, int port, IReadOnlyList<string>? vsGateways)
    {
        if (match.Port is > 0 && match.Port != (uint)port)
        {
            return false;
        }

        var gateways = match.Gateways is { Count: > 0 } ? match.Gateways : vsGateways;
        return BoundToMesh(gateways) && AppliesToWorkload(match);
    }

    /// <summary><c>sourceLabels</c> and <c>sourceNamespace</c> select workloads: whether they select this one.</summary>
    public bool AppliesToWorkload(L4MatchAttributesConfig match) =>
        RouteMatch.AppliesTo(match.SourceLabels, match.SourceNamespace, (IReadOnlyDictionary<string, string>)options.WorkloadLabels, options.Namespace);

    private static L4Match Match(L4MatchAttributesConfig match)
    {
        var destinations = new List<System.Net.IPNetwork>();
        foreach (var subnet in match.DestinationSubnets ?? [])
        {
            if (L4Match.TryParseSubnet(subnet, out var network))
            {
                destinations.Add(network);
            }
        }

        System.Net.IPNetwork? source = match.SourceSubnet is { Length: > 0 } text && L4Match.TryParseSubnet(text, out var parsed) ? parsed : null;
        return new L4Match(destinations, source);
    }

    private static bool BoundToMesh(IReadOnlyList<string>? gateways) => gateways is not { Count: > 0 } || gateways.Contains("mesh");
}
