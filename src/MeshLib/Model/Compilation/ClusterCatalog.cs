using MeshLib.Configuration;
using MeshLib.Discovery;
using MeshLib.Tls;

namespace MeshLib.Model.Compilation;

/// <summary>Creates each cluster once, on first reference, from the registry and the merged DestinationRules.</summary>
internal sealed class ClusterCatalog(DestinationRuleIndex rules)
{
    private readonly Dictionary<string, ClusterModel?> _clusters = new(StringComparer.Ordinal);

    /// <summary>Every cluster created so far.</summary>
    public IReadOnlyDictionary<string, ClusterModel> Clusters =>
        _clusters.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);

    /// <summary>
    /// The cluster for (service, port, subset), or null when the subset is not defined by any DestinationRule
    /// or the service has no such port (Envoy: unknown cluster, 503 NC).
    /// </summary>
    public ClusterModel? Get(ServiceModel service, int port, string subset)
    {
        var name = ClusterModel.NameOf(service.Host, port, subset);
        if (_clusters.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var created = Create(service, port, subset, name);
        _clusters[name] = created;
        return created;
    }

    private ClusterModel? Create(ServiceModel service, int port, string subset, string name)
    {
        var servicePort = service.FindPort(port);
        if (servicePort is null && !service.IsPassthrough)
        {
            return null;
        }

        var rule = rules.Find(service.Host);
        var subsetConfig = subset.Length == 0 ? null : rule?.FindSubset(subset);
        if (subset.Length > 0 && subsetConfig is null)
        {
            return null;
        }

        var endpoints = new List<ClusterEndpointModel>();
        if (servicePort is not null)
        {
            foreach (var endpoint in service.Endpoints)
            {
                if (endpoint.HasLabels(subsetConfig?.Labels))
                {
                    endpoints.Add(new ClusterEndpointModel(endpoint.Address, endpoint.TargetPortFor(servicePort), endpoint.Weight, endpoint.Locality, endpoint.Labels));
                }
            }
        }

        var policy = ClusterPolicy.Resolve(rule?.TrafficPolicy, subsetConfig?.TrafficPolicy, port);
        return new ClusterModel(name, service.Host, port, subset, service, new EquatableList<ClusterEndpointModel>(endpoints), policy)
        {
            Tls = UpstreamTlsSettings.From(policy.Tls, service.SubjectAltNames),
        };
    }
}
