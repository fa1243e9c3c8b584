namespace MeshLib.Telemetry;

/// <summary>
/// Tag names of MeshLib's metrics and spans. The <c>istio_*</c> metrics carry Istio's standard labels
/// (<see href="https://istio.io/latest/docs/reference/config/metrics/">Istio standard metrics</see>); every value
/// comes from configuration or the response status, never from paths or other user input, so cardinality stays bounded.
/// </summary>
public static class MeshTelemetryTags
{
    /// <summary><c>reporter</c>: always <c>source</c> (the client side reports, as a client sidecar does).</summary>
    public const string Reporter = "reporter";

    /// <summary><c>source_workload</c>: <see cref="MeshOptions.WorkloadName"/>.</summary>
    public const string SourceWorkload = "source_workload";

    /// <summary><c>source_workload_namespace</c>: <see cref="MeshOptions.Namespace"/>.</summary>
    public const string SourceWorkloadNamespace = "source_workload_namespace";

    /// <summary><c>source_app</c>: the <c>app</c> workload label, else <c>unknown</c>.</summary>
    public const string SourceApp = "source_app";

    /// <summary><c>source_version</c>: the <c>version</c> workload label, else <c>unknown</c>.</summary>
    public const string SourceVersion = "source_version";

    /// <summary><c>destination_service</c>: the service FQDN (<c>reviews.default.svc.cluster.local</c>).</summary>
    public const string DestinationService = "destination_service";

    /// <summary><c>destination_service_name</c>: the short service name (<c>reviews</c>), or <c>PassthroughCluster</c>/<c>BlackHoleCluster</c>.</summary>
    public const string DestinationServiceName = "destination_service_name";

    /// <summary><c>destination_service_namespace</c>: the namespace of the service, else <c>unknown</c>.</summary>
    public const string DestinationServiceNamespace = "destination_service_namespace";

    /// <summary><c>destination_workload</c>: the endpoint's <c>service.istio.io/workload-name</c> or <c>app</c> label, else <c>unknown</c>.</summary>
    public const string DestinationWorkload = "destination_workload";

    /// <summary><c>destination_workload_namespace</c>: the service's namespace when the workload is known, else <c>unknown</c>.</summary>
    public const string DestinationWorkloadNamespace = "destination_workload_namespace";

    /// <summary><c>destination_app</c>: the endpoint's <c>app</c> label, else <c>unknown</c>.</summary>
    public const string DestinationApp = "destination_app";

    /// <summary><c>destination_version</c>: the endpoint's <c>version</c> label, else <c>unknown</c>.</summary>
    public const string DestinationVersion = "destination_version";

    /// <summary><c>request_protocol</c>: <c>http</c> or <c>grpc</c>.</summary>
    public const string RequestProtocol = "request_protocol";

    /// <summary><c>response_code</c>: the HTTP status returned to the caller; <c>0</c> when the request ended without one.</summary>
    public const string ResponseCode = "response_code";

    /// <summary><c>response_flags</c>: Envoy's response flags (<c>-</c>, <c>UT</c>, <c>UF,URX</c> ...).</summary>
    public const string ResponseFlags = "response_flags";

    /// <summary><c>grpc_response_status</c>: the <c>grpc-status</c> response header of a gRPC request, else empty.</summary>
    public const string GrpcResponseStatus = "grpc_response_status";

    /// <summary><c>cluster</c>: the Envoy cluster name (<c>outbound|9080|v1|reviews.default.svc.cluster.local</c>) on <c>meshlib_*</c> metrics.</summary>
    public const string Cluster = "cluster";

    /// <summary><c>result</c>: <c>ok</c> or <c>failed</c> on <see cref="MeshTelemetry.ConfigReloadsTotal"/>.</summary>
    public const string Result = "result";

    /// <summary>Span tag: the route name.</summary>
    public const string Route = "mesh.route";

    /// <summary>Span tag: the VirtualService as <c>Kind/namespace/name</c>.</summary>
    public const string VirtualService = "mesh.virtual_service";

    /// <summary>Span tag: the cluster name.</summary>
    public const string SpanCluster = "mesh.cluster";

    /// <summary>Span tag: the Envoy response flags.</summary>
    public const string SpanResponseFlags = "mesh.response_flags";

    /// <summary>Span tag: the endpoint an attempt went to, <c>address:port</c>.</summary>
    public const string Endpoint = "mesh.endpoint";

    /// <summary>Span tag and event tag: the 1-based attempt number (<c>x-envoy-attempt-count</c>).</summary>
    public const string AttemptNumber = "mesh.attempt";

    /// <summary>Event tag of <see cref="MeshTelemetry.FaultInjectedEventName"/>: <c>delay</c>, <c>abort</c> or <c>delay,abort</c>.</summary>
    public const string Fault = "mesh.fault";

    /// <summary>Span tag: the HTTP status code (OpenTelemetry semantic convention).</summary>
    public const string HttpResponseStatusCode = "http.response.status_code";

    /// <summary>Span tag: the HTTP method (OpenTelemetry semantic convention).</summary>
    public const string HttpRequestMethod = "http.request.method";
}
