using Microsoft.Extensions.Logging;

namespace MeshLib.Tcp;

/// <summary>Log events of TCP proxying; each closed connection names Envoy's response flag.</summary>
internal static partial class TcpProxyLog
{
    [LoggerMessage(EventId = 30, EventName = "TcpNoService", Level = LogLevel.Information,
        Message = "TCP {Host}:{Port}: connection closed (NR): the configuration no longer has this TCP service")]
    public static partial void NoService(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 38, EventName = "TcpNoGatewayPort", Level = LogLevel.Information,
        Message = "TCP gateway port {Port}: connection closed (NR): the configuration no longer has a TCP server on this port")]
    public static partial void NoGatewayPort(ILogger logger, int port);

    [LoggerMessage(EventId = 31, EventName = "TcpNoRoute", Level = LogLevel.Information,
        Message = "TCP {Host}:{Port}: connection closed (NR): no tcp route matches it")]
    public static partial void NoRoute(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 32, EventName = "TcpNoCluster", Level = LogLevel.Information,
        Message = "TCP {Host}:{Port}: connection closed (NC): no cluster for the destination {Destination}")]
    public static partial void NoCluster(ILogger logger, string host, int port, TcpDestinationModel destination);

    [LoggerMessage(EventId = 33, EventName = "TcpOverflow", Level = LogLevel.Information,
        Message = "TCP {Host}:{Port}: connection closed (UO): {Cluster} already has maxConnections {MaxConnections} open")]
    public static partial void Overflow(ILogger logger, string host, int port, string cluster, uint maxConnections);

    [LoggerMessage(EventId = 34, EventName = "TcpNoHealthyUpstream", Level = LogLevel.Information,
        Message = "TCP {Host}:{Port}: connection closed (UH): no healthy endpoint in {Cluster}")]
    public static partial void NoHealthyUpstream(ILogger logger, string host, int port, string cluster);

    [LoggerMessage(EventId = 35, EventName = "TcpUnknownOriginalDestination", Level = LogLevel.Information,
        Message = "TCP {Host}:{Port}: connection closed (NC): {Cluster} passes through to a wildcard host, whose address is unknown")]
    public static partial void UnknownOriginalDestination(ILogger logger, string host, int port, string cluster);

    [LoggerMessage(EventId = 36, EventName = "TcpConnectFailed", Level = LogLevel.Information,
        Message = "TCP {Host}:{Port}: connection closed (UF): connecting to {Address}:{TargetPort} of {Cluster} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, string address, int targetPort, string cluster, string reason);

    [LoggerMessage(EventId = 37, EventName = "TcpProxied", Level = LogLevel.Debug,
        Message = "TCP {Host}:{Port}: route {Route} to {Address}:{TargetPort} of {Cluster}: {Sent} bytes sent, {Received} received")]
    public static partial void Proxied(ILogger logger, string host, int port, string route, string address, int targetPort, string cluster, long sent, long received);
}
