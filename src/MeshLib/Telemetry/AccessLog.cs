using Microsoft.Extensions.Logging;

namespace MeshLib.Telemetry;

/// <summary>The access log: one structured event per request, in the fields and order of Envoy's default format.</summary>
internal static partial class AccessLog
{
    [LoggerMessage(EventId = MeshTelemetry.AccessLogEventId, EventName = MeshTelemetry.AccessLogEventName, Level = LogLevel.Information,
        Message = "[{StartTime}] \"{Method} {Path} {Protocol}\" {ResponseCode} {ResponseFlags} {BytesReceived} {BytesSent} {DurationMs} "
            + "\"{Authority}\" \"{UpstreamHost}\" {UpstreamCluster} {RouteName} {AttemptCount}")]
    public static partial void Request(
        ILogger logger,
        string startTime,
        string method,
        string path,
        string protocol,
        int responseCode,
        string responseFlags,
        long bytesReceived,
        long bytesSent,
        long durationMs,
        string authority,
        string upstreamHost,
        string upstreamCluster,
        string routeName,
        int attemptCount);
}
