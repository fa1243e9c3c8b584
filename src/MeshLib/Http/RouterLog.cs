using Microsoft.Extensions.Logging;

namespace MeshLib.Http;

/// <summary>Log events of the router.</summary>
internal static partial class RouterLog
{
    [LoggerMessage(EventId = 20, EventName = "MirrorFailed", Level = LogLevel.Debug,
        Message = "Mirrored request to {Cluster} failed: {Reason}")]
    public static partial void MirrorFailed(ILogger logger, string cluster, string reason);
}
