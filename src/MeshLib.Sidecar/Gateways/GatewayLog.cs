using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Gateways;

/// <summary>Log events of the gateway listeners.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 120, EventName = "GatewayListening", Level = LogLevel.Information,
        Message = "Gateway listener {Scheme}://{Address}:{Port} serves {Servers}")]
    public static partial void Listening(ILogger logger, string scheme, string address, int port, string servers);

    [LoggerMessage(EventId = 121, EventName = "GatewayPortAdded", Level = LogLevel.Warning,
        Message = "The configuration adds gateway port {Port} ({Servers}): gateway listeners are opened at start, restart the sidecar to listen on it")]
    public static partial void PortAdded(ILogger logger, int port, string servers);

    [LoggerMessage(EventId = 122, EventName = "GatewayPortRemoved", Level = LogLevel.Warning,
        Message = "The configuration no longer has gateway port {Port}: its listener stays open and answers 404 until the sidecar restarts")]
    public static partial void PortRemoved(ILogger logger, int port);

    [LoggerMessage(EventId = 123, EventName = "GatewayPortChanged", Level = LogLevel.Warning,
        Message = "Gateway port {Port} changed from {Before} to {After}: restart the sidecar to listen with {After}; until then its requests are answered 404")]
    public static partial void PortChanged(ILogger logger, int port, string before, string after);

    [LoggerMessage(EventId = 124, EventName = "GatewayTcpListenerClosed", Level = LogLevel.Information,
        Message = "Gateway listener tcp://{Address}:{Port} closed: the configuration no longer has a TCP server on this port")]
    public static partial void TcpClosed(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 125, EventName = "GatewayTcpListenerFailed", Level = LogLevel.Error,
        Message = "Gateway listener tcp://{Address}:{Port} cannot be opened ({Problem}): {Servers} is not served")]
    public static partial void TcpFailed(ILogger logger, string address, int port, string problem, string servers);
}
