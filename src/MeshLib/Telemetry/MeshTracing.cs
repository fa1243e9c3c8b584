using System.Diagnostics;

namespace MeshLib.Telemetry;

/// <summary>The activity source of the mesh's spans (<see cref="MeshTelemetry.ActivitySourceName"/>).</summary>
internal static class MeshTracing
{
    /// <summary>The source; <see cref="ActivitySource.HasListeners"/> keeps the untraced path free.</summary>
    public static readonly ActivitySource Source = new(MeshTelemetry.ActivitySourceName);
}
