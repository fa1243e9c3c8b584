namespace MeshLib.Cli.Explain;

/// <summary>An Envoy cluster (<c>outbound|port|subset|host</c>), its endpoints and its DestinationRule policy.</summary>
/// <param name="Name">The cluster name.</param>
/// <param name="Service">The ServiceEntry that defines the service (<c>ServiceEntry/namespace/name</c>).</param>
/// <param name="Resolution">The ServiceEntry resolution: <c>STATIC</c>, <c>DNS</c>, <c>NONE</c>, ...</param>
/// <param name="Passthrough">Whether requests go to the address asked for rather than to endpoints (resolution NONE).</param>
/// <param name="Endpoints">The endpoints the subset selects.</param>
/// <param name="LoadBalancer">The load balancer.</param>
/// <param name="ConnectionPool">The effective connection-pool limits.</param>
/// <param name="OutlierDetection">The effective outlier detection, or null when none is configured (nothing is ever ejected).</param>
/// <param name="Tls">Upstream TLS origination, or null for plain text.</param>
internal sealed record ClusterInfo(
    string Name,
    string Service,
    string Resolution,
    bool Passthrough,
    IReadOnlyList<EndpointInfo> Endpoints,
    LoadBalancerInfo LoadBalancer,
    ConnectionPoolInfo ConnectionPool,
    OutlierDetectionInfo? OutlierDetection,
    TlsInfo? Tls);
