using MeshLib.Configuration;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.WorkloadEntry;
using MeshLib.Model;

namespace MeshLib.Discovery;

/// <summary>
/// The local service registry: every ServiceEntry host visible to this workload, with its ports and endpoints
/// (inline endpoints, or WorkloadEntries chosen by the entry's <c>workloadSelector</c>).
/// </summary>
internal sealed class ServiceRegistry
{
    private readonly Dictionary<string, ServiceModel> _byHost;
    private readonly ServiceModel[] _wildcards;

    private ServiceRegistry(Dictionary<string, ServiceModel> byHost, ServiceModel[] wildcards)
    {
        _byHost = byHost;
        _wildcards = wildcards;
    }

    /// <summary>Every service, exact hosts first.</summary>
    public IEnumerable<ServiceModel> All => _byHost.Values.Concat(_wildcards);

    /// <summary>The service for a fully qualified host: an exact entry, else the most specific wildcard entry.</summary>
    public ServiceModel? Find(string fqdn)
    {
        if (_byHost.TryGetValue(fqdn, out var service))
        {
            return service;
        }

        foreach (var wildcard in _wildcards)
        {
            if (HostNames.WildcardMatches(wildcard.Host, fqdn))
            {
                return wildcard;
            }
        }

        return null;
    }

    /// <summary>Builds the registry from the ServiceEntries and WorkloadEntries among <paramref name="resources"/>.</summary>
    public static ServiceRegistry Build(IReadOnlyList<MeshResource> resources, MeshOptions options)
    {
        var workloads = new List<(WorkloadEntryConfig Entry, string Namespace)>();
        foreach (var resource in resources)
        {
            if (resource.Spec is WorkloadEntryConfig workload)
            {
                workloads.Add((workload, resource.NamespaceOr(options.Namespace)));
            }
        }

        var byHost = new Dictionary<string, ServiceModel>(StringComparer.Ordinal);
        var wildcards = new List<ServiceModel>();
        foreach (var resource in resources)
        {
            if (resource.Spec is not ServiceEntryConfig entry)
            {
                continue;
            }

            var ns = resource.NamespaceOr(options.Namespace);
            if (!ExportRules.IsVisible(entry.ExportTo, ns, options.Namespace))
            {
                continue;
            }

            var ports = new List<ServicePortModel>();
            foreach (var port in entry.Ports ?? [])
            {
                var number = (int)(port.Number ?? 0);
                ports.Add(new ServicePortModel(number, port.Name ?? string.Empty, port.Protocol ?? string.Empty, (int)(port.TargetPort ?? (uint)number)));
            }

            var resolution = entry.Resolution ?? ServiceEntryResolution.None;
            var selected = entry.Endpoints is not null
                ? entry.Endpoints.Select(ToEndpoint).ToList()
                : entry.WorkloadSelector?.Labels is { } selector
                    ? workloads.Where(w => w.Namespace == ns && Selects(selector, w.Entry)).Select(w => ToEndpoint(w.Entry)).ToList()
                    : [];

            foreach (var host in entry.Hosts ?? [])
            {
                var fqdn = HostNames.ToFqdn(host, ns, options.ClusterDomain);
                var endpoints = selected;
                if (endpoints.Count == 0 && resolution is ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin && !fqdn.StartsWith('*'))
                {
                    // DNS resolution without endpoints: the host name itself is resolved when connecting.
                    endpoints = [new EndpointModel(host, EquatableDictionary(), EquatableLabels(), 1, null)];
                }

                var service = new ServiceModel(fqdn, ns, resolution, new EquatableList<ServicePortModel>(ports), new EquatableList<EndpointModel>(endpoints), resource.Reference(options.Namespace))
                {
                    SubjectAltNames = entry.SubjectAltNames ?? [],
                };
                if (fqdn.StartsWith('*'))
                {
                    wildcards.Add(service);
                }
                else
                {
                    // Istio keeps the oldest entry for a host; resources are in load order.
                    byHost.TryAdd(fqdn, service);
                }
            }
        }

        // The most specific (longest) wildcard wins.
        wildcards.Sort((a, b) => b.Host.Length.CompareTo(a.Host.Length));
        return new ServiceRegistry(byHost, [.. wildcards]);
    }

    private static bool Selects(EquatableDictionary<string> selector, WorkloadEntryConfig workload)
    {
        foreach (var (key, value) in selector)
        {
            if (workload.Labels is null || !workload.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    private static EndpointModel ToEndpoint(WorkloadEntryConfig workload) => new(
        workload.Address ?? string.Empty,
        workload.Ports ?? EquatableDictionary(),
        workload.Labels ?? EquatableLabels(),
        workload.Weight is > 0 ? workload.Weight.Value : 1,
        workload.Locality);

    private static EquatableDictionary<uint> EquatableDictionary() => new([]);

    private static EquatableDictionary<string> EquatableLabels() => new([]);
}
