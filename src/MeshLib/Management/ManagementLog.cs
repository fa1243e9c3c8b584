using Microsoft.Extensions.Logging;

namespace MeshLib.Management;

/// <summary>Log events of configuration loading and reloading.</summary>
internal static partial class ManagementLog
{
    [LoggerMessage(EventId = 1, EventName = "MeshConfigurationLoaded", Level = LogLevel.Information,
        Message = "Mesh configuration version {Version} loaded ({ResourceCount} resources)")]
    public static partial void Loaded(ILogger logger, long version, int resourceCount);

    [LoggerMessage(EventId = 2, EventName = "MeshConfigurationReloaded", Level = LogLevel.Information,
        Message = "Mesh configuration version {Version} applied ({ResourceCount} resources)")]
    public static partial void Reloaded(ILogger logger, long version, int resourceCount);

    [LoggerMessage(EventId = 3, EventName = "MeshConfigurationRejected", Level = LogLevel.Error,
        Message = "Mesh configuration change rejected: {Problem}")]
    public static partial void ReloadRejected(ILogger logger, string problem);

    [LoggerMessage(EventId = 4, EventName = "MeshConfigurationKept", Level = LogLevel.Warning,
        Message = "Keeping the last good mesh configuration, version {Version}")]
    public static partial void KeptLastGood(ILogger logger, long version);

    [LoggerMessage(EventId = 5, EventName = "MeshConfigurationWarning", Level = LogLevel.Warning,
        Message = "Mesh configuration: {Problem}")]
    public static partial void ConfigurationWarning(ILogger logger, string problem);
}
