using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.VirtualService;
using MeshLib.Discovery;
using MeshLib.Internal;
using MeshLib.Retries;
using Microsoft.Extensions.Options;

namespace MeshLib.Model.Compilation;

/// <summary>Compiles validated resources into an immutable <see cref="MeshSnapshot"/> for this workload.</summary>
internal sealed class MeshCompiler(IOptions<MeshOptions> options, TimeProvider timeProvider, RandomSource random)
{
    private readonly RoutePipelineFactory _pipelines = new(timeProvider, random.NextDouble);
    private long _version;

    /// <summary>Compiles <paramref name="resources"/> (already validated) into a new snapshot.</summary>
    public MeshSnapshot Compile(IReadOnlyList<MeshResource> resources, IReadOnlyList<ConfigDiagnostic> warnings)
    {
        var mesh = options.Value;
        var services = ServiceRegistry.Build(resources, mesh);
        var rules = DestinationRuleIndex.Build(resources, mesh);
        var clusters = new ClusterCatalog(rules);
        var routes = new RouteCompiler(services, clusters, mesh, _pipelines);

        var delegates = new Dictionary<(string Namespace, string Name), VirtualServiceConfig>();
        foreach (var resource in resources)
        {
            if (resource.Spec is VirtualServiceConfig { Hosts: null or { Count: 0 } } delegateService && resource.Metadata.Name is { } name)
            {
                delegates.TryAdd((resource.NamespaceOr(mesh.Namespace), name), delegateService);
            }
        }

        VirtualServiceConfig? FindDelegate(string name, string ns) => delegates.GetValueOrDefault((ns, name));

        var exact = new Dictionary<string, VirtualHostModel>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<VirtualHostModel>();
        foreach (var resource in resources)
        {
            if (resource.Spec is not VirtualServiceConfig virtualService || virtualService.Hosts is not { Count: > 0 } hosts)
            {
                continue;
            }

            var ns = resource.NamespaceOr(mesh.Namespace);
            if (!ExportRules.IsVisible(virtualService.ExportTo, ns, mesh.Namespace) || !BoundToMesh(virtualService))
            {
                continue;
            }

            var reference = resource.Reference(mesh.Namespace);
            var flattened = DelegateFlattener.Flatten(virtualService.Http ?? [], FindDelegate, ns);
            var compiled = new List<RouteModel>();
            for (var i = 0; i < flattened.Count; i++)
            {
                if (routes.Compile(flattened[i], i, reference, ns, virtualService.Gateways) is { } route)
                {
                    compiled.Add(route);
                }
            }

            foreach (var host in hosts)
            {
                var fqdn = HostNames.ToFqdn(host, ns, mesh.ClusterDomain);
                var virtualHost = new VirtualHostModel(fqdn, reference, compiled);
                if (fqdn.StartsWith('*'))
                {
                    if (!wildcards.Exists(w => w.Host == fqdn))
                    {
                        wildcards.Add(virtualHost);
                    }

                    continue;
                }

                // Two VirtualServices for one host on a sidecar: the first (oldest) wins, the other is dropped.
                foreach (var alias in HostNames.RequestAliases(fqdn, mesh.Namespace, mesh.ClusterDomain))
                {
                    exact.TryAdd(alias, virtualHost);
                }
            }
        }

        // A registry service without a VirtualService gets Istio's default route.
        foreach (var service in services.All)
        {
            if (service.Host.StartsWith('*') || exact.ContainsKey(service.Host))
            {
                continue;
            }

            var virtualHost = new VirtualHostModel(service.Host, string.Empty, [routes.DefaultRoute(service)]);
            foreach (var alias in HostNames.RequestAliases(service.Host, mesh.Namespace, mesh.ClusterDomain))
            {
                exact.TryAdd(alias, virtualHost);
            }
        }

        // Gateway and TCP routes reach clusters too: compile them before the catalog is read.
        var tcpRoutes = new TcpRouteCompiler(services, clusters, mesh);
        var gatewayTcpListeners = new GatewayTcpCompiler(tcpRoutes, mesh).Compile(resources);
        var gateways = new GatewayCompiler(routes, mesh, FindDelegate).Compile(resources, gatewayTcpListeners);
        var tcpServices = tcpRoutes.Compile(resources);
        return new MeshSnapshot
        {
            Version = Interlocked.Increment(ref _version),
            Resources = resources,
            Warnings = warnings,
            Hosts = new HostIndex(exact, wildcards),
            Services = services,
            Clusters = clusters.Clusters,
            Gateways = gateways,
            TcpServices = tcpServices,
            Namespace = mesh.Namespace,
        };
    }

    /// <summary>Rules apply to sidecars (and so to this process) when <c>gateways</c> is absent or names <c>mesh</c>.</summary>
    private static bool BoundToMesh(VirtualServiceConfig virtualService) =>
        virtualService.Gateways is not { Count: > 0 } gateways || gateways.Contains("mesh");
}
