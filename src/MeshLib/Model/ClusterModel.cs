using MeshLib.Configuration;
using MeshLib.Discovery;
using MeshLib.Tls;

namespace MeshLib.Model;

/// <summary>
/// An Envoy cluster, <c>outbound|port|subset|host</c>: the endpoints a destination reaches and the policy that
/// applies to them. Compared by value, so a reload keeps the runtime state of clusters that did not change.
/// </summary>
/// <param name="Name">The cluster name, <c>outbound|9080|v1|reviews.default.svc.cluster.local</c>.</param>
/// <param name="Host">The service host.</param>
/// <param name="Port">The service port.</param>
/// <param name="Subset">The DestinationRule subset, or empty.</param>
/// <param name="Service">The registry service.</param>
/// <param name="Endpoints">The endpoints selected by the subset's labels.</param>
/// <param name="Policy">The traffic policy that applies.</param>
internal sealed record ClusterModel(
    string Name,
    string Host,
    int Port,
    string Subset,
    ServiceModel Service,
    EquatableList<ClusterEndpointModel> Endpoints,
    ClusterPolicy Policy)
{
    /// <summary>TLS origination (DestinationRule <c>tls</c> in SIMPLE or MUTUAL mode), or null for plain text.</summary>
    public UpstreamTlsSettings? Tls { get; init; }

    /// <summary>Whether requests go to the address the caller asked for (ServiceEntry resolution NONE).</summary>
    public bool IsPassthrough => Service.IsPassthrough;

    /// <summary>The Envoy cluster name for (host, port, subset).</summary>
    public static string NameOf(string host, int port, string subset) => $"outbound|{port}|{subset}|{host}";
}
