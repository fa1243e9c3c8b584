using System.Net;
using MeshLib.Discovery;

namespace MeshLib.Tcp;

/// <summary>
/// One TCP port of a registry service (protocol TCP, TLS, HTTPS, MONGO, MYSQL or REDIS): what Istio's sidecar serves on
/// an outbound TCP listener. Its routes are the VirtualService's <c>tcp</c> routes that apply to the port, in order,
/// ending with the service's own cluster when no route matches every connection.
/// </summary>
/// <param name="Host">The service host (FQDN).</param>
/// <param name="Port">The service port.</param>
/// <param name="Service">The registry service.</param>
/// <param name="Routes">The routes, first match wins.</param>
internal sealed record TcpServiceModel(string Host, int Port, ServiceModel Service, IReadOnlyList<TcpRouteModel> Routes) : ITcpRouteSource
{
    /// <inheritdoc/>
    string ITcpRouteSource.Name => Host;

    /// <summary>The first route a connection from <paramref name="source"/> to <paramref name="destination"/> takes.</summary>
    public TcpRouteModel? Route(IPAddress destination, IPAddress source) => TcpRouteModel.First(Routes, destination, source);

    /// <inheritdoc/>
    public override string ToString() => $"{Host}:{Port}";
}
