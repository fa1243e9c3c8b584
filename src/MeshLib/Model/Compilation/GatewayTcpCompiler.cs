using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.VirtualService;
using MeshLib.Model.Gateways;
using MeshLib.Tcp;

namespace MeshLib.Model.Compilation;

/// <summary>
/// Compiles the Gateway servers with protocol TCP into gateway TCP listeners, as Istio's gateway TCP filter chain:
/// the <c>tcp</c> routes of each VirtualService bound to the Gateway whose hosts meet the server's (the same
/// namespace and intersection rules as HTTP servers), in load order, keeping the match blocks for this server's
/// port and Gateway. The routes and their destinations compile as a sidecar's (<see cref="TcpRouteCompiler"/>).
/// </summary>
internal sealed class GatewayTcpCompiler(TcpRouteCompiler tcp, MeshOptions options)
{
    /// <summary>The gateway TCP listeners of <paramref name="resources"/> (validated, in load order); the first server on a port keeps it.</summary>
    public IReadOnlyList<GatewayTcpListenerModel> Compile(IReadOnlyList<MeshResource> resources)
    {
        var virtualServices = new List<MeshResource>();
        foreach (var resource in resources)
        {
            if (resource.Spec is VirtualServiceConfig { Tcp.Count: > 0, Hosts.Count: > 0 } virtualService
                && ExportRules.IsVisible(virtualService.ExportTo, resource.NamespaceOr(options.Namespace), options.Namespace))
            {
                virtualServices.Add(resource);
            }
        }

        var listeners = new Dictionary<int, GatewayTcpListenerModel>();
        foreach (var resource in resources)
        {
            if (resource.Spec is not GatewayConfig { Servers: { } servers } gateway || !GatewaySelection.Serves(gateway, options))
            {
                continue;
            }

            for (var i = 0; i < servers.Count; i++)
            {
                if (servers[i] is not { Port.Number: { } number and > 0 and <= 65535 } server
                    || GatewayServers.Kind(server) != GatewayServerKind.PlainTcp
                    || listeners.ContainsKey((int)number))
                {
                    continue;
                }

                var model = Server(resource, server, i);
                listeners.Add((int)number, new GatewayTcpListenerModel((int)number, model, Routes(model, (int)number, virtualServices)));
            }
        }

        return [.. listeners.Values];
    }

    private GatewayServerModel Server(MeshResource resource, ServerConfig server, int index) => new()
    {
        Resource = resource,
        Gateway = $"{resource.NamespaceOr(options.Namespace)}/{resource.Metadata.Name}",
        Reference = resource.Reference(options.Namespace),
        Index = index,
        Config = server,
        RouteName = string.Empty,
        ServerNames = [],
    };

    private List<TcpRouteModel> Routes(GatewayServerModel server, int port, List<MeshResource> virtualServices)
    {
        var result = new List<TcpRouteModel>();
        foreach (var resource in virtualServices)
        {
            if (GatewayHosts.Bound(server, resource, options).Count == 0)
            {
                continue;
            }

            var virtualService = (VirtualServiceConfig)resource.Spec;
            var ns = resource.NamespaceOr(options.Namespace);
            var reference = resource.Reference(options.Namespace);
            var routes = virtualService.Tcp!;
            for (var i = 0; i < routes.Count; i++)
            {
                if (routes[i] is { } route && tcp.Route(route, i, port, match => AppliesHere(match, port, server.Gateway, ns), ns, reference) is { } compiled)
                {
                    result.Add(compiled);
                }
            }
        }

        return result;
    }

    // Istio's l4SingleMatch on a gateway: the block's port must be the server's and its gateways (when given) must
    // name this Gateway; sourceLabels and sourceNamespace select this workload as on a sidecar.
    private bool AppliesHere(L4MatchAttributesConfig match, int port, string gateway, string resourceNamespace) =>
        (match.Port is not > 0 || match.Port == (uint)port)
        && (match.Gateways is not { Count: > 0 } names || GatewayNames.Include(names, gateway, resourceNamespace))
        && tcp.AppliesToWorkload(match);
}
