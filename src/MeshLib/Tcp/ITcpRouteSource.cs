using System.Net;

namespace MeshLib.Tcp;

/// <summary>
/// What a TCP listener routes its connections by: a registry service's TCP port on a sidecar, or a Gateway's TCP
/// server. <see cref="TcpProxy"/> proxies a connection the same way for both once it has the route.
/// </summary>
internal interface ITcpRouteSource
{
    /// <summary>What the listener serves, for log messages: the service host, or the Gateway as <c>Gateway/ns/name</c>.</summary>
    string Name { get; }

    /// <summary>The port the routes are for: the service port, or the gateway server port.</summary>
    int Port { get; }

    /// <summary>The first route a connection from <paramref name="source"/> to <paramref name="destination"/> takes, or null when none does.</summary>
    TcpRouteModel? Route(IPAddress destination, IPAddress source);
}
