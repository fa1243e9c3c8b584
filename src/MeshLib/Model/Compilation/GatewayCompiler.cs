using System.Globalization;
using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.VirtualService;
using MeshLib.Model.Gateways;
using MeshLib.Routing;

namespace MeshLib.Model.Compilation;

/// <summary>
/// Compiles the Gateways of a configuration into listeners and route tables, as Istio builds a gateway's Envoy
/// configuration: one listener per server port; per route table, a virtual host for each host where a bound
/// VirtualService's hosts meet a server's hosts; several VirtualServices on one host are merged (routes appended,
/// catch-all routes moved last); <c>httpsRedirect</c> makes the server's hosts redirect plain HTTP to https.
/// </summary>
internal sealed class GatewayCompiler(RouteCompiler routes, MeshOptions options, Func<string, string, VirtualServiceConfig?> findDelegate)
{
    // Routes of one VirtualService on one gateway and port, compiled once for every server and host that use them.
    private readonly Dictionary<(string Gateway, string VirtualService, int Port), List<GatewayRoute>> _compiled = [];

    /// <summary>Compiles the HTTP gateways among <paramref name="resources"/> (validated, in load order) into a catalog that also holds <paramref name="tcpListeners"/>.</summary>
    public GatewayCatalog Compile(IReadOnlyList<MeshResource> resources, IReadOnlyList<GatewayTcpListenerModel> tcpListeners)
    {
        var virtualServices = new List<MeshResource>();
        var listeners = new Dictionary<int, (bool Tls, List<GatewayServerModel> Servers)>();
        foreach (var resource in resources)
        {
            if (resource.Spec is VirtualServiceConfig { Hosts.Count: > 0 } virtualService
                && ExportRules.IsVisible(virtualService.ExportTo, resource.NamespaceOr(options.Namespace), options.Namespace))
            {
                virtualServices.Add(resource);
            }
            else if (resource.Spec is GatewayConfig gateway && GatewaySelection.Serves(gateway, options))
            {
                AddServers(resource, gateway, listeners);
            }
        }

        var models = new List<GatewayListenerModel>();
        var tables = new Dictionary<string, GatewayRouteTable>(StringComparer.Ordinal);
        foreach (var (port, (tls, servers)) in listeners)
        {
            models.Add(new GatewayListenerModel(port, tls, servers));
            if (!tls)
            {
                // Every plain HTTP server on a port shares one route table, as Istio's http.PORT route.
                tables.Add(servers[0].RouteName, Table(port, servers, virtualServices));
                continue;
            }

            foreach (var server in servers)
            {
                tables.TryAdd(server.RouteName, Table(port, [server], virtualServices));
            }
        }

        return new GatewayCatalog(models, tables, tcpListeners);
    }

    private void AddServers(MeshResource resource, GatewayConfig gateway, Dictionary<int, (bool Tls, List<GatewayServerModel> Servers)> listeners)
    {
        var ns = resource.NamespaceOr(options.Namespace);
        var name = resource.Metadata.Name ?? string.Empty;
        var servers = gateway.Servers ?? [];
        for (var i = 0; i < servers.Count; i++)
        {
            var server = servers[i];
            var kind = GatewayServers.Kind(server);
            if (kind is not (GatewayServerKind.PlainHttp or GatewayServerKind.TerminatedHttps) || server.Port?.Number is not ({ } number and > 0 and <= 65535))
            {
                continue;
            }

            var port = (int)number;
            var tls = kind == GatewayServerKind.TerminatedHttps;
            if (!listeners.TryGetValue(port, out var listener))
            {
                listener = (tls, []);
                listeners.Add(port, listener);
            }
            else if (listener.Tls != tls)
            {
                // One port is plain HTTP or TLS, never both: Istio keeps the first kind and drops the other servers.
                continue;
            }

            var hosts = (server.Hosts ?? []).Select(GatewayHosts.Name).Distinct(StringComparer.Ordinal).ToList();
            listener.Servers.Add(new GatewayServerModel
            {
                Resource = resource,
                Gateway = $"{ns}/{name}",
                Reference = resource.Reference(options.Namespace),
                Index = i,
                Config = server,
                RouteName = tls
                    ? string.Create(CultureInfo.InvariantCulture, $"https.{port}.{server.Port?.Name}.{name}.{ns}")
                    : string.Create(CultureInfo.InvariantCulture, $"http.{port}"),
                ServerNames = tls && !hosts.Contains("*") ? hosts : [],
            });
        }
    }

    private GatewayRouteTable Table(int port, IReadOnlyList<GatewayServerModel> servers, List<MeshResource> virtualServices)
    {
        var virtualHosts = new Dictionary<string, VirtualHostBuilder>(StringComparer.OrdinalIgnoreCase);
        var order = new List<VirtualHostBuilder>();
        foreach (var server in servers)
        {
            var redirect = server.Config.Tls?.HttpsRedirect == true;
            foreach (var resource in virtualServices)
            {
                var hosts = GatewayHosts.Bound(server, resource, options);
                if (hosts.Count == 0)
                {
                    continue;
                }

                var virtualService = (VirtualServiceConfig)resource.Spec;
                var ns = resource.NamespaceOr(options.Namespace);
                var compiled = Routes(resource, virtualService, ns, server.Gateway, port);
                foreach (var host in hosts)
                {
                    var virtualHost = Get(host.ToLowerInvariant(), resource.Reference(options.Namespace));
                    virtualHost.Routes.AddRange(compiled);
                    virtualHost.RequiresTls |= redirect;
                }
            }

            if (redirect)
            {
                // Istio adds a redirect-only virtual host for each server host no VirtualService serves.
                foreach (var host in server.Config.Hosts ?? [])
                {
                    Get(GatewayHosts.Name(host), string.Empty).RequiresTls = true;
                }
            }
        }

        var exact = new Dictionary<string, VirtualHostModel>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<VirtualHostModel>();
        foreach (var builder in order)
        {
            var model = builder.Build();
            if (model.Host.StartsWith('*'))
            {
                wildcards.Add(model);
            }
            else
            {
                exact.Add(model.Host, model);
            }
        }

        return new GatewayRouteTable(port, new HostIndex(exact, wildcards));

        VirtualHostBuilder Get(string host, string virtualService)
        {
            if (!virtualHosts.TryGetValue(host, out var builder))
            {
                builder = new VirtualHostBuilder(host, virtualService);
                virtualHosts.Add(host, builder);
                order.Add(builder);
            }

            return builder;
        }
    }

    /// <summary>
    /// The routes of one VirtualService for <paramref name="gateway"/> on <paramref name="port"/>, one entry per match
    /// block that applies there (Envoy's routes), cut after the first catch-all as Istio does.
    /// </summary>
    private List<GatewayRoute> Routes(MeshResource resource, VirtualServiceConfig virtualService, string ns, string gateway, int port)
    {
        var reference = resource.Reference(options.Namespace);
        if (_compiled.TryGetValue((gateway, reference, port), out var cached))
        {
            return cached;
        }

        var result = new List<GatewayRoute>();
        var flattened = DelegateFlattener.Flatten(virtualService.Http ?? [], findDelegate, ns);
        for (var i = 0; i < flattened.Count; i++)
        {
            if (routes.Compile(flattened[i], i, reference, ns, virtualService.Gateways, gateway) is not { } route)
            {
                continue;
            }

            IReadOnlyList<RouteMatch> blocks = route.Matches.Count == 0 ? [RouteMatch.Any] : route.Matches;
            foreach (var block in blocks)
            {
                // A match for another port never applies on this listener: Istio leaves it out.
                if (block.Port is { } only && only != port)
                {
                    continue;
                }

                result.Add(new GatewayRoute(route, block));
                if (IsCatchAll(block))
                {
                    _compiled[(gateway, reference, port)] = result;
                    return result;
                }
            }
        }

        _compiled[(gateway, reference, port)] = result;
        return result;
    }

    /// <summary>Istio's <c>IsCatchAllRoute</c>: path prefix <c>/</c> (or regex <c>.*</c>) and no header or query condition.</summary>
    private static bool IsCatchAll(RouteMatch block)
    {
        var path = block.Uri is null
            || block.Uri.Kind == StringMatchKind.Presence
            || (block.Uri.Kind == StringMatchKind.Prefix && block.Uri.Value == "/")
            || (block.Uri.Kind == StringMatchKind.Regex && block.Uri.Value == ".*");
        return path && block.Method is null && block.Scheme is null && block.Authority is null
            && block.Headers.Count == 0 && block.QueryParams.Count == 0;
    }

    /// <summary>One Envoy route: a compiled route and the one match block that leads to it.</summary>
    private readonly record struct GatewayRoute(RouteModel Route, RouteMatch Block);

    /// <summary>A virtual host being merged from several VirtualServices.</summary>
    private sealed class VirtualHostBuilder(string host, string virtualService)
    {
        public List<GatewayRoute> Routes { get; } = [];

        public bool RequiresTls { get; set; }

        private string VirtualService { get; set; } = virtualService;

        public VirtualHostModel Build()
        {
            var models = new List<RouteModel>();
            var indexes = new Dictionary<RouteModel, int>(ReferenceEqualityComparer.Instance);
            var entries = new List<RouteEntry>();
            var catchAll = new List<RouteEntry>();
            foreach (var (route, block) in Routes)
            {
                if (!indexes.TryGetValue(route, out var index))
                {
                    index = models.Count;
                    indexes.Add(route, index);
                    models.Add(route);
                }

                if (VirtualService.Length == 0)
                {
                    VirtualService = route.VirtualService;
                }

                // Istio's SortVHostRoutes: catch-all routes go last, the others keep their order.
                (IsCatchAll(block) ? catchAll : entries).Add(new RouteEntry([block], index));
            }

            entries.AddRange(catchAll);
            return new VirtualHostModel(host, VirtualService, models, entries, RequiresTls);
        }
    }
}
