using System.Diagnostics.Metrics;
using MeshLib.Clusters;
using Microsoft.Extensions.Options;

namespace MeshLib.Telemetry;

/// <summary>
/// MeshLib's instruments, created once per service provider from its <see cref="IMeterFactory"/>. The per-cluster
/// gauges (<see cref="MeshTelemetry.PendingRequests"/>, <see cref="MeshTelemetry.OutlierEjectionsTotal"/>) are
/// observed from the <see cref="ClusterStateRegistry"/> only when a listener collects them.
/// </summary>
internal sealed class MeshMetrics
{
    /// <summary>Istio's default duration buckets (milliseconds).</summary>
    private static readonly double[] DurationBuckets = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

    /// <summary>Istio's default size buckets (bytes): powers of ten up to 10^8.</summary>
    private static readonly long[] SizeBuckets = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

    private readonly ClusterStateRegistry _clusters;

    public MeshMetrics(IMeterFactory meterFactory, ClusterStateRegistry clusters, IOptions<MeshOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _clusters = clusters;
        var o = options.Value;
        SourceWorkload = string.IsNullOrEmpty(o.WorkloadName) ? MeshRequestTelemetry.Unknown : o.WorkloadName;
        SourceNamespace = o.Namespace;
        SourceApp = o.WorkloadLabels.TryGetValue("app", out var app) ? app : MeshRequestTelemetry.Unknown;
        SourceVersion = o.WorkloadLabels.TryGetValue("version", out var version) ? version : MeshRequestTelemetry.Unknown;

        Meter = meterFactory.Create(MeshTelemetry.MeterName);
        Requests = Meter.CreateCounter<long>(MeshTelemetry.RequestsTotal, unit: "{request}", description: "Requests, by source, destination and outcome.");
        Duration = Meter.CreateHistogram(
            MeshTelemetry.RequestDuration,
            unit: "ms",
            description: "Request duration until the response headers.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        RequestBytes = Meter.CreateHistogram(
            MeshTelemetry.RequestBytes,
            unit: "By",
            description: "Request body size (Content-Length; 0 when unknown).",
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
        ResponseBytes = Meter.CreateHistogram(
            MeshTelemetry.ResponseBytes,
            unit: "By",
            description: "Response body size (Content-Length; 0 when unknown).",
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
        Retries = Meter.CreateCounter<long>(MeshTelemetry.RetriesTotal, unit: "{retry}", description: "Retries (attempts after the first), per cluster.");
        ActiveRequests = Meter.CreateUpDownCounter<long>(MeshTelemetry.ActiveRequests, unit: "{request}", description: "Requests in flight, per cluster.");
        ConfigReloads = Meter.CreateCounter<long>(MeshTelemetry.ConfigReloadsTotal, unit: "{reload}", description: "Configuration loads and reloads, by result.");
        Meter.CreateObservableGauge(MeshTelemetry.PendingRequests, ObservePending, unit: "{request}", description: "Requests waiting for a connection-pool slot, per cluster.");
        Meter.CreateObservableCounter(MeshTelemetry.OutlierEjectionsTotal, ObserveEjections, unit: "{ejection}", description: "Enforced outlier ejections, per cluster.");
    }

    /// <summary>The meter (owned by the <see cref="IMeterFactory"/>, disposed with it).</summary>
    public Meter Meter { get; }

    public Counter<long> Requests { get; }

    public Histogram<double> Duration { get; }

    public Histogram<long> RequestBytes { get; }

    public Histogram<long> ResponseBytes { get; }

    public Counter<long> Retries { get; }

    public UpDownCounter<long> ActiveRequests { get; }

    public Counter<long> ConfigReloads { get; }

    /// <summary>The <c>source_workload</c> label value.</summary>
    public string SourceWorkload { get; }

    /// <summary>The <c>source_workload_namespace</c> label value.</summary>
    public string SourceNamespace { get; }

    /// <summary>The <c>source_app</c> label value.</summary>
    public string SourceApp { get; }

    /// <summary>The <c>source_version</c> label value.</summary>
    public string SourceVersion { get; }

    /// <summary>Whether any per-request instrument has a listener, so a request must be observed.</summary>
    public bool RequestsObserved =>
        Requests.Enabled || Duration.Enabled || RequestBytes.Enabled || ResponseBytes.Enabled || Retries.Enabled || ActiveRequests.Enabled;

    /// <summary>Counts a configuration load or reload.</summary>
    /// <param name="ok">Whether the configuration was applied.</param>
    public void ConfigReloaded(bool ok)
    {
        if (ConfigReloads.Enabled)
        {
            ConfigReloads.Add(1, new KeyValuePair<string, object?>(MeshTelemetryTags.Result, ok ? "ok" : "failed"));
        }
    }

    private IEnumerable<Measurement<long>> ObservePending()
    {
        foreach (var state in _clusters.States)
        {
            yield return new Measurement<long>(state.Limiter.Pending, new KeyValuePair<string, object?>(MeshTelemetryTags.Cluster, state.Model.Name));
        }
    }

    private IEnumerable<Measurement<long>> ObserveEjections()
    {
        foreach (var state in _clusters.States)
        {
            if (state.Outliers is { } outliers)
            {
                yield return new Measurement<long>(outliers.EjectionsEnforcedTotal, new KeyValuePair<string, object?>(MeshTelemetryTags.Cluster, state.Model.Name));
            }
        }
    }
}
