namespace MeshLib;

/// <summary>How this process takes part in the mesh.</summary>
public sealed class MeshOptions
{
    /// <summary>
    /// The namespace of this workload; resources without <c>metadata.namespace</c> belong to it, and short
    /// host names (<c>reviews</c>) resolve in it. Default <c>default</c>.
    /// </summary>
    public string Namespace { get; set; } = "default";

    /// <summary>What happens to a request for a host the configuration does not know. Default <see cref="OutboundTrafficPolicy.AllowAny"/>.</summary>
    public OutboundTrafficPolicy OutboundTrafficPolicy { get; set; } = OutboundTrafficPolicy.AllowAny;

    /// <summary>The labels of this workload, matched by VirtualService <c>sourceLabels</c> (for example <c>app: productpage</c>).</summary>
    public IDictionary<string, string> WorkloadLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The locality of this workload as <c>region/zone/subzone</c>, for locality-aware load balancing; default none.</summary>
    public string? Locality { get; set; }

    /// <summary>The cluster DNS suffix that short names expand with: <c>reviews</c> → <c>reviews.default.svc.cluster.local</c>.</summary>
    public string ClusterDomain { get; set; } = "cluster.local";

    /// <summary>
    /// Whether a mirrored request's Host gets Envoy's <c>-shadow</c> suffix (<c>reviews</c> → <c>reviews-shadow</c>).
    /// Default false, as Istio today (<c>DISABLE_SHADOW_HOST_SUFFIX=true</c>); set true to match older Istio.
    /// </summary>
    public bool AppendShadowHostSuffix { get; set; }

    /// <summary>
    /// The name of this workload (its Deployment), reported as <c>source_workload</c> on Istio's standard metrics
    /// (<see cref="Telemetry.MeshTelemetry.RequestsTotal"/>). Default <c>unknown</c>.
    /// </summary>
    public string WorkloadName { get; set; } = "unknown";

    /// <summary>
    /// Whether every request writes one access-log entry in Envoy's default fields (start time, method, path, protocol,
    /// response code and flags, bytes, duration, upstream host and cluster, route name, attempt count) at
    /// <c>Information</c> level to the logger category <see cref="Telemetry.MeshTelemetry.AccessLogCategory"/>.
    /// Default false, as Istio's <c>meshConfig.accessLogFile</c> is empty by default.
    /// </summary>
    public bool AccessLog { get; set; }
}
