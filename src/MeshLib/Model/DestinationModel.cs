using MeshLib.Discovery;
using MeshLib.Routing;

namespace MeshLib.Model;

/// <summary>One weighted destination of a route: the service, subset and port it names, and the clusters that gives.</summary>
internal sealed class DestinationModel
{
    private readonly ClusterModel? _fixedCluster;
    private readonly Dictionary<int, ClusterModel>? _clustersByPort;

    public DestinationModel(
        string host,
        string subset,
        int? port,
        int weight,
        ServiceModel? service,
        ClusterModel? fixedCluster,
        Dictionary<int, ClusterModel>? clustersByPort,
        HeaderOperationsPlan headers)
    {
        Host = host;
        Subset = subset;
        Port = port;
        Weight = weight;
        Service = service;
        _fixedCluster = fixedCluster;
        _clustersByPort = clustersByPort;
        Headers = headers;
    }

    /// <summary>The destination host (FQDN).</summary>
    public string Host { get; }

    /// <summary>The subset, or empty.</summary>
    public string Subset { get; }

    /// <summary>The port the destination names, if any.</summary>
    public int? Port { get; }

    /// <summary>The configured weight.</summary>
    public int Weight { get; }

    /// <summary>The registry service, or null when the host is not in the registry.</summary>
    public ServiceModel? Service { get; }

    /// <summary>Header operations in Envoy's order for this destination (route and destination levels).</summary>
    public HeaderOperationsPlan Headers { get; }

    /// <summary>
    /// The cluster for a request that arrived on <paramref name="requestPort"/>: the named port, else the service's
    /// only port, else the request port. Null when no such cluster exists (undefined subset, unknown host or port),
    /// which Envoy answers with 503 (NC).
    /// </summary>
    public ClusterModel? ResolveCluster(int requestPort) =>
        _fixedCluster ?? (_clustersByPort is not null && _clustersByPort.TryGetValue(requestPort, out var cluster) ? cluster : null);

    /// <summary>Every cluster this destination can resolve to.</summary>
    public IEnumerable<ClusterModel> Clusters =>
        _fixedCluster is not null ? [_fixedCluster] : _clustersByPort?.Values ?? Enumerable.Empty<ClusterModel>();

    /// <inheritdoc/>
    public override string ToString() => $"{Host}{(Subset.Length > 0 ? "+" + Subset : string.Empty)}{(Port is null ? string.Empty : ":" + Port)}";
}
