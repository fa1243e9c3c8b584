using System.Globalization;
using System.Text;
using MeshLib.Management;

namespace MeshLib.Sidecar.Admin;

/// <summary>
/// <c>GET /stats/prometheus</c> in the Prometheus text format (0.0.4): configuration reloads, and per cluster the
/// circuit-breaker and outlier-detection counters under Envoy's names with Istio's <c>cluster_name</c> label.
/// </summary>
internal static class PrometheusWriter
{
    /// <summary>The content type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(MeshConfigManager manager, IReadOnlyList<ClusterView> clusters)
    {
        var text = new StringBuilder();
        Family(text, "meshlib_config_reloads_total", "counter", "Configuration reloads, by result.");
        Sample(text, "meshlib_config_reloads_total", "result", "applied", manager.ReloadsApplied);
        Sample(text, "meshlib_config_reloads_total", "result", "rejected", manager.ReloadsRejected);
        Family(text, "meshlib_config_last_reload_failed", "gauge", "1 when the last reload was rejected and the previous configuration kept.");
        Sample(text, "meshlib_config_last_reload_failed", null, null, manager.LastReloadFailed ? 1 : 0);
        Family(text, "meshlib_config_version", "gauge", "Version of the configuration in force.");
        Sample(text, "meshlib_config_version", null, null, manager.Current.Version);

        ClusterFamily(text, clusters, "envoy_cluster_upstream_rq_active", "gauge", "Requests active.", c => c.State?.Limiter.Active ?? 0);
        ClusterFamily(text, clusters, "envoy_cluster_upstream_rq_pending_active", "gauge", "Requests waiting for a connection.", c => c.State?.Limiter.Pending ?? 0);
        ClusterFamily(text, clusters, "envoy_cluster_upstream_rq_pending_overflow", "counter", "Requests refused by the pending or request limit.", c => c.State?.Limiter.PendingOverflows ?? 0);
        ClusterFamily(text, clusters, "envoy_cluster_upstream_rq_retry_overflow", "counter", "Retries refused by the retry limit.", c => c.State?.Limiter.RetryOverflows ?? 0);
        ClusterFamily(text, clusters, "envoy_cluster_membership_total", "gauge", "Endpoints of the cluster.", c => c.Model.Endpoints.Count);
        ClusterFamily(text, clusters, "envoy_cluster_membership_healthy", "gauge", "Endpoints not ejected.", c => c.Model.Endpoints.Count - (c.State?.Outliers?.EjectedCount ?? 0));
        ClusterFamily(text, clusters, "envoy_cluster_outlier_detection_ejections_active", "gauge", "Endpoints ejected now.", c => c.State?.Outliers?.EjectedCount ?? 0);
        ClusterFamily(text, clusters, "envoy_cluster_outlier_detection_ejections_enforced_total", "counter", "Ejections enforced.", c => c.State?.Outliers?.EjectionsEnforcedTotal ?? 0);
        ClusterFamily(text, clusters, "envoy_cluster_outlier_detection_ejections_overflow", "counter", "Ejections skipped by maxEjectionPercent.", c => c.State?.Outliers?.EjectionsOverflowTotal ?? 0);
        return text.ToString();
    }

    private static void ClusterFamily(StringBuilder text, IReadOnlyList<ClusterView> clusters, string name, string type, string help, Func<ClusterView, long> value)
    {
        Family(text, name, type, help);
        foreach (var cluster in clusters)
        {
            Sample(text, name, "cluster_name", cluster.Model.Name, value(cluster));
        }
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string? label, string? labelValue, long value)
    {
        text.Append(name);
        if (label is not null)
        {
            text.Append('{').Append(label).Append("=\"");
            foreach (var c in labelValue!)
            {
                _ = c switch
                {
                    '\\' => text.Append("\\\\"),
                    '"' => text.Append("\\\""),
                    '\n' => text.Append("\\n"),
                    _ => text.Append(c),
                };
            }

            text.Append("\"}");
        }

        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
