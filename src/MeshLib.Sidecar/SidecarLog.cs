using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace MeshLib.Sidecar;

/// <summary>Log events of the sidecar host.</summary>
internal static partial class SidecarLog
{
    [LoggerMessage(EventId = 100, EventName = "SidecarReady", Level = LogLevel.Information,
        Message = "MeshLib sidecar ready in {ElapsedMilliseconds} ms since process start ({MainMilliseconds} ms in Main): outbound http://127.0.0.1:{OutboundPort}, admin http://127.0.0.1:{AdminPort}, configuration version {Version} ({ResourceCount} resources), outbound traffic policy {Policy}, socket I/O {SocketScheduling}")]
    public static partial void Ready(ILogger logger, long elapsedMilliseconds, long mainMilliseconds, int outboundPort, int adminPort, long version, int resourceCount, string policy, string socketScheduling);

    [LoggerMessage(EventId = 101, EventName = "SidecarDraining", Level = LogLevel.Information,
        Message = "MeshLib sidecar stopping: no new connections, draining in-flight requests for up to {DrainSeconds} s")]
    public static partial void Draining(ILogger logger, double drainSeconds);

    [LoggerMessage(EventId = 102, EventName = "SidecarForwardFailed", Level = LogLevel.Warning,
        Message = "Forwarding to {Destination} failed ({Error}): {Problem}")]
    public static partial void ForwardFailed(ILogger logger, string destination, ForwarderError error, string problem);

    [LoggerMessage(EventId = 103, EventName = "SidecarForwardCanceled", Level = LogLevel.Debug,
        Message = "Forwarding to {Destination} ended early ({Error}): {Problem}")]
    public static partial void ForwardCanceled(ILogger logger, string destination, ForwarderError error, string problem);
}
