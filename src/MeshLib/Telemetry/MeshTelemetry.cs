namespace MeshLib.Telemetry;

/// <summary>
/// The names MeshLib's telemetry is published under: a contract that dashboards, alerts and exporters rely on.
/// Metrics come from the <see cref="System.Diagnostics.Metrics.Meter"/> named <see cref="MeterName"/> and are named
/// so that a Prometheus exporter produces Istio's standard metrics (<c>istio_requests_total</c>, ...); spans come
/// from the <see cref="System.Diagnostics.ActivitySource"/> named <see cref="ActivitySourceName"/>; the access log
/// is written to the logger category <see cref="AccessLogCategory"/> when <see cref="MeshOptions.AccessLog"/> is on.
/// Tag names are in <see cref="MeshTelemetryTags"/>.
/// </summary>
public static class MeshTelemetry
{
    /// <summary>The name of the meter (<c>AddMeter(MeshTelemetry.MeterName)</c> in OpenTelemetry).</summary>
    public const string MeterName = "MeshLib";

    /// <summary>The name of the activity source (<c>AddSource(MeshTelemetry.ActivitySourceName)</c> in OpenTelemetry).</summary>
    public const string ActivitySourceName = "MeshLib";

    /// <summary>Counter of requests, one per request whatever its outcome (Istio's standard metric).</summary>
    public const string RequestsTotal = "istio_requests_total";

    /// <summary>Histogram of request durations in milliseconds, until the response headers (Istio's standard metric).</summary>
    public const string RequestDuration = "istio_request_duration_milliseconds";

    /// <summary>Histogram of request body sizes in bytes, from <c>Content-Length</c> (0 when unknown).</summary>
    public const string RequestBytes = "istio_request_bytes";

    /// <summary>Histogram of response body sizes in bytes, from <c>Content-Length</c> (0 when unknown).</summary>
    public const string ResponseBytes = "istio_response_bytes";

    /// <summary>Counter of retries (attempts after the first), per cluster (Envoy's <c>upstream_rq_retry</c>).</summary>
    public const string RetriesTotal = "meshlib_retries_total";

    /// <summary>Counter of enforced outlier ejections, per cluster (Envoy's <c>outlier_detection.ejections_enforced_total</c>).</summary>
    public const string OutlierEjectionsTotal = "meshlib_outlier_ejections_total";

    /// <summary>Up-down counter of requests in flight, per cluster (Envoy's <c>upstream_rq_active</c>).</summary>
    public const string ActiveRequests = "meshlib_active_requests";

    /// <summary>Gauge of requests waiting for a connection-pool slot, per cluster (Envoy's <c>upstream_rq_pending_active</c>).</summary>
    public const string PendingRequests = "meshlib_pending_requests";

    /// <summary>Counter of configuration loads and reloads, tagged <c>result=ok|failed</c>.</summary>
    public const string ConfigReloadsTotal = "meshlib_config_reloads_total";

    /// <summary>The span of one request through the mesh (kind Client).</summary>
    public const string RequestActivityName = "mesh.request";

    /// <summary>The span of one upstream attempt, a child of <see cref="RequestActivityName"/>.</summary>
    public const string AttemptActivityName = "mesh.attempt";

    /// <summary>Event on the request span: a fault delay or abort was injected.</summary>
    public const string FaultInjectedEventName = "mesh.fault_injected";

    /// <summary>Event on the request span: an attempt is a retry.</summary>
    public const string RetryEventName = "mesh.retry";

    /// <summary>The logger category of the access log.</summary>
    public const string AccessLogCategory = "MeshLib.AccessLog";

    /// <summary>The event name of an access-log entry.</summary>
    public const string AccessLogEventName = "MeshAccessLog";

    /// <summary>The event id of an access-log entry.</summary>
    public const int AccessLogEventId = 100;
}
