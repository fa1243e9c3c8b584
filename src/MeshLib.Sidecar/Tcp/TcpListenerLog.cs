using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Tcp;

/// <summary>Log events of the sidecar's TCP listeners.</summary>
internal static partial class TcpListenerLog
{
    [LoggerMessage(EventId = 110, EventName = "TcpListening", Level = LogLevel.Information,
        Message = "TCP listener 127.0.0.1:{LocalPort} serves {Host}:{Port}")]
    public static partial void Listening(ILogger logger, int localPort, string host, int port);

    [LoggerMessage(EventId = 111, EventName = "TcpListenerClosed", Level = LogLevel.Information,
        Message = "TCP listener 127.0.0.1:{LocalPort} for {Host}:{Port} closed: the configuration no longer maps it there")]
    public static partial void Closed(ILogger logger, int localPort, string host, int port);

    [LoggerMessage(EventId = 112, EventName = "TcpListenerFailed", Level = LogLevel.Error,
        Message = "TCP listener 127.0.0.1:{LocalPort} for {Host}:{Port} cannot be opened ({Problem}): the service is not served over TCP; choose another port with --tcp-listen or --tcp-port-offset")]
    public static partial void Failed(ILogger logger, int localPort, string host, int port, string problem);

    [LoggerMessage(EventId = 113, EventName = "TcpListenerConflict", Level = LogLevel.Warning,
        Message = "TCP {Host}:{Port} is not served: port {LocalPort} already serves {Other}; map one of them elsewhere with --tcp-listen")]
    public static partial void Conflict(ILogger logger, string host, int port, int localPort, string other);

    [LoggerMessage(EventId = 114, EventName = "TcpListenerOutOfRange", Level = LogLevel.Warning,
        Message = "TCP {Host}:{Port} is not served: --tcp-port-offset {Offset} gives port {LocalPort}, outside 1-65535")]
    public static partial void OutOfRange(ILogger logger, string host, int port, int offset, int localPort);

    [LoggerMessage(EventId = 115, EventName = "TcpConnectionFaulted", Level = LogLevel.Error,
        Message = "TCP {Listener}: a connection ended with an unexpected error")]
    public static partial void Faulted(ILogger logger, Exception exception, string listener);
}
