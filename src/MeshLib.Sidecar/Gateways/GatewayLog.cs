using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Gateways;

/// <summary>Log events of the gateway listeners.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 120, EventName = "GatewayListening", Level = LogLevel.Information,
        Message = "Gateway listener {Scheme}://{Address}:{Port} serves {Servers}")]
    public static partial void Listening(ILogger logger, string scheme, string address, int port, string servers);

    [LoggerMessage(EventId = 121, EventName = "GatewayListenerClosed", Level = LogLevel.Information,
        Message = "Gateway listener {Scheme}://{Address}:{Port} closed: the configuration no longer has {Scheme} servers on this port; requests under way may finish")]
    public static partial void Closed(ILogger logger, string scheme, string address, int port);

    [LoggerMessage(EventId = 122, EventName = "GatewayListenerFailed", Level = LogLevel.Error,
        Message = "Gateway listener {Scheme}://{Address}:{Port} cannot be opened ({Problem}): {Servers} is not served")]
    public static partial void Failed(ILogger logger, string scheme, string address, int port, string problem, string servers);

    [LoggerMessage(EventId = 124, EventName = "GatewayTcpListenerClosed", Level = LogLevel.Information,
        Message = "Gateway listener tcp://{Address}:{Port} closed: the configuration no longer has a TCP server on this port")]
    public static partial void TcpClosed(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 125, EventName = "GatewayTcpListenerFailed", Level = LogLevel.Error,
        Message = "Gateway listener tcp://{Address}:{Port} cannot be opened ({Problem}): {Servers} is not served")]
    public static partial void TcpFailed(ILogger logger, string address, int port, string problem, string servers);
}
