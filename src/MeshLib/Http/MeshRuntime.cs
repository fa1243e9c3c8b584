using MeshLib.Clusters;
using MeshLib.Internal;
using MeshLib.Management;
using MeshLib.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeshLib.Http;

/// <summary>Everything a mesh request needs, shared by every mesh client of a service provider (and by the sidecar).</summary>
internal sealed class MeshRuntime : IDisposable
{
    public MeshRuntime(
        MeshConfigManager manager,
        ClusterStateRegistry clusters,
        IOptions<MeshOptions> options,
        RandomSource random,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        MeshMetrics metrics)
    {
        Manager = manager;
        Clusters = clusters;
        Options = options.Value;
        Random = random;
        TimeProvider = timeProvider;
        Metrics = metrics;
        AccessLog = Options.AccessLog ? loggerFactory.CreateLogger(MeshTelemetry.AccessLogCategory) : null;
        Router = new MeshRouter(this, loggerFactory.CreateLogger<MeshRouter>());
        manager.SnapshotChanged += clusters.Prune;
    }

    public MeshConfigManager Manager { get; }

    public ClusterStateRegistry Clusters { get; }

    public MeshOptions Options { get; }

    public RandomSource Random { get; }

    public TimeProvider TimeProvider { get; }

    public MeshRouter Router { get; }

    public MeshMetrics Metrics { get; }

    /// <summary>The access logger when <see cref="MeshOptions.AccessLog"/> is on, else null.</summary>
    public ILogger? AccessLog { get; }

    public void Dispose() => Manager.SnapshotChanged -= Clusters.Prune;
}
