using MeshLib.Tls;

namespace MeshLib.ConnectionPool;

/// <summary>Creates the handler that carries one cluster's upstream requests; replaceable in tests and benchmarks.</summary>
internal interface IClusterTransportFactory
{
    /// <summary>Creates the transport of one cluster. The caller owns and disposes it.</summary>
    /// <param name="clusterName">The cluster (<c>outbound|port|subset|host</c>), for diagnostics.</param>
    /// <param name="policy">The cluster's connection-pool policy.</param>
    /// <returns>A handler shared by every request to the cluster.</returns>
    HttpMessageHandler Create(string clusterName, ConnectionPoolPolicy policy);

    /// <summary>
    /// Creates the transport of one cluster that originates TLS. Transports that never open connections (in-memory
    /// test and benchmark handlers) keep this default, which has no TLS to apply.
    /// </summary>
    /// <param name="clusterName">The cluster (<c>outbound|port|subset|host</c>), for diagnostics.</param>
    /// <param name="policy">The cluster's connection-pool policy.</param>
    /// <param name="tls">The cluster's TLS client, or null for plain text.</param>
    /// <returns>A handler shared by every request to the cluster.</returns>
    HttpMessageHandler Create(string clusterName, ConnectionPoolPolicy policy, UpstreamTlsClient? tls) => Create(clusterName, policy);
}
