using System.Diagnostics.Metrics;
using MeshLib.Clusters;
using MeshLib.Http;
using MeshLib.Telemetry;

namespace MeshLib.Sidecar.Telemetry;

/// <summary>
/// State the sidecar reports beside MeshLib's own instruments: the configuration in force, and per cluster the
/// Envoy circuit-breaker, membership and outlier counters that MeshLib keeps as state rather than as instruments.
/// Observed only when a scrape or an export collects them. Values MeshLib's meter already reports
/// (<see cref="MeshTelemetry.ActiveRequests"/>, <see cref="MeshTelemetry.PendingRequests"/>,
/// <see cref="MeshTelemetry.OutlierEjectionsTotal"/>, <see cref="MeshTelemetry.ConfigReloadsTotal"/>) are not repeated here.
/// </summary>
internal sealed class SidecarMetrics
{
    /// <summary>The name of the sidecar's meter.</summary>
    public const string MeterName = "MeshLib.Sidecar";

    /// <summary>Envoy's label for the cluster a per-cluster stat belongs to.</summary>
    private const string ClusterLabel = "cluster_name";

    private readonly MeshRuntime _runtime;

    public SidecarMetrics(IMeterFactory meterFactory, MeshRuntime runtime)
    {
        _runtime = runtime;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("meshlib_config_version", () => runtime.Manager.Current.Version,
            description: "Version of the configuration in force.");
        meter.CreateObservableGauge("meshlib_config_last_reload_failed", () => runtime.Manager.LastReloadFailed ? 1 : 0,
            description: "1 when the last reload was rejected and the previous configuration kept.");

        // Envoy's names; counters keep Envoy's spelling (no _total), as a real sidecar's scrape shows them.
        meter.CreateObservableCounter("envoy_cluster_upstream_rq_pending_overflow", () => PerCluster(s => s.Limiter.PendingOverflows),
            description: "Requests refused by the pending or request limit.");
        meter.CreateObservableCounter("envoy_cluster_upstream_rq_retry_overflow", () => PerCluster(s => s.Limiter.RetryOverflows),
            description: "Retries refused by the retry limit.");
        meter.CreateObservableGauge("envoy_cluster_membership_total", () => PerCluster(s => s.Model.Endpoints.Count),
            description: "Endpoints of the cluster.");
        meter.CreateObservableGauge("envoy_cluster_membership_healthy", () => PerCluster(s => s.Model.Endpoints.Count - (s.Outliers?.EjectedCount ?? 0)),
            description: "Endpoints not ejected.");
        meter.CreateObservableGauge("envoy_cluster_outlier_detection_ejections_active", () => PerCluster(s => s.Outliers?.EjectedCount ?? 0),
            description: "Endpoints ejected now.");
        meter.CreateObservableCounter("envoy_cluster_outlier_detection_ejections_overflow", () => PerCluster(s => s.Outliers?.EjectionsOverflowTotal ?? 0),
            description: "Ejections skipped by maxEjectionPercent.");
    }

    // Clusters that requests have used, as MeshLib's per-cluster instruments report them: a configuration of
    // thousands of services does not become thousands of idle series.
    private IEnumerable<Measurement<long>> PerCluster(Func<ClusterState, long> value)
    {
        foreach (var state in _runtime.Clusters.States)
        {
            yield return new Measurement<long>(value(state), new KeyValuePair<string, object?>(ClusterLabel, state.Model.Name));
        }
    }
}
