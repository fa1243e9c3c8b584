using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MeshLib.Http;
using MeshLib.LoadBalancing;
using MeshLib.Model;
using MeshLib.Replies;
using MeshLib.Retries;
using Microsoft.Extensions.Logging;

namespace MeshLib.Telemetry;

/// <summary>
/// What one request reports: Istio's standard metrics, the <c>mesh.request</c> and <c>mesh.attempt</c> spans and the
/// access-log entry. Created at the start of a request only when something listens (see <see cref="IsObserved"/>);
/// the router feeds it with one-line hooks as the request is routed, and it records everything once, at the end.
/// Not thread-safe: the hooks of one request never overlap.
/// </summary>
internal sealed class MeshRequestTelemetry : IDisposable
{
    /// <summary>The value of a label that cannot be known.</summary>
    public const string Unknown = "unknown";

    /// <summary>Istio's name for requests to hosts outside the registry under ALLOW_ANY.</summary>
    public const string PassthroughCluster = "PassthroughCluster";

    /// <summary>Istio's name for requests to hosts outside the registry under REGISTRY_ONLY.</summary>
    public const string BlackHoleCluster = "BlackHoleCluster";

    private const string WorkloadNameLabel = "service.istio.io/workload-name";
    private const string DownstreamDisconnect = "DC";

    private static readonly ConcurrentDictionary<string, string> ServiceNames = new(StringComparer.Ordinal);
    private static readonly string?[] StatusTexts = new string?[600];

    private readonly MeshRuntime _runtime;
    private readonly HttpRequestMessage _request;
    private readonly long _startTimestamp;
    private readonly long _requestBytes;
    private readonly bool _isGrpc;
    private readonly Activity? _activity;
    private readonly DateTimeOffset _startTime;
    private readonly string? _path;
    private readonly string? _authority;
    private VirtualHostModel? _host;
    private RouteModel? _route;
    private DestinationModel? _destination;
    private ClusterModel? _cluster;
    private bool _forwarded;
    private ResponseFlags _attemptFlags;
    private int _attemptCount;
    private LbEndpoint? _endpoint;
    private ResponseFlags _flags;
    private bool _activeCounted;
    private bool _recorded;

    private MeshRequestTelemetry(MeshRuntime runtime, HttpRequestMessage request)
    {
        _runtime = runtime;
        _request = request;
        _startTimestamp = runtime.TimeProvider.GetTimestamp();
        _requestBytes = request.Content?.Headers.ContentLength ?? 0;
        _isGrpc = request.Content?.Headers.ContentType?.MediaType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
        _activity = MeshTracing.Source.HasListeners() ? MeshTracing.Source.StartActivity(MeshTelemetry.RequestActivityName, ActivityKind.Client) : null;
        _activity?.SetTag(MeshTelemetryTags.HttpRequestMethod, request.Method.Method);
        if (runtime.AccessLog is not null)
        {
            _startTime = runtime.TimeProvider.GetUtcNow();
            var uri = request.RequestUri;
            _path = uri is { IsAbsoluteUri: true } ? uri.PathAndQuery : uri?.OriginalString ?? "-";
            _authority = request.Headers.Host ?? (uri is { IsAbsoluteUri: true } ? uri.Authority : "-");
        }
    }

    /// <summary>Whether a request must be observed: a span listener, an enabled per-request instrument, or the access log.</summary>
    /// <param name="runtime">The mesh runtime.</param>
    /// <returns><see langword="true"/> when <see cref="Start"/> should be called.</returns>
    public static bool IsObserved(MeshRuntime runtime) =>
        runtime.AccessLog is not null || runtime.Metrics.RequestsObserved || MeshTracing.Source.HasListeners();

    /// <summary>Starts observing a request: takes the start timestamp and starts the <c>mesh.request</c> span (when sampled).</summary>
    /// <param name="runtime">The mesh runtime.</param>
    /// <param name="request">The caller's request.</param>
    /// <returns>The recorder; dispose it when the request ends.</returns>
    public static MeshRequestTelemetry Start(MeshRuntime runtime, HttpRequestMessage request) => new(runtime, request);

    /// <summary>Sends an attempt outside any observed request: adds B3 headers when the caller has a current span.</summary>
    /// <param name="transport">The cluster's connection pool.</param>
    /// <param name="request">The attempt.</param>
    /// <param name="cancellationToken">The attempt's token.</param>
    /// <returns>The upstream response.</returns>
    public static Task<HttpResponseMessage> SendAsync(HttpMessageInvoker transport, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Activity.Current is { } current)
        {
            B3Headers.Apply(request, current);
        }

        return transport.SendAsync(request, cancellationToken);
    }

    /// <summary>The host has routes but none matched (NR).</summary>
    /// <param name="host">The virtual host.</param>
    public void NoRoute(VirtualHostModel host)
    {
        _host = host;
        _flags |= ResponseFlags.NoRoute;
    }

    /// <summary>A route matched.</summary>
    /// <param name="host">The virtual host.</param>
    /// <param name="route">The route.</param>
    public void Routed(VirtualHostModel host, RouteModel route)
    {
        _host = host;
        _route = route;
        if (_activity is { } activity)
        {
            activity.SetTag(MeshTelemetryTags.Route, route.Name);
            activity.SetTag(MeshTelemetryTags.VirtualService, route.VirtualService);
        }
    }

    /// <summary>The picked destination has no cluster (NC).</summary>
    /// <param name="destination">The destination.</param>
    public void NoCluster(DestinationModel destination)
    {
        _destination = destination;
        _flags |= ResponseFlags.NoClusterFound;
    }

    /// <summary>The request is forwarded to <paramref name="cluster"/>; <see cref="Forwarded"/> follows when the attempts are over.</summary>
    /// <param name="cluster">The cluster.</param>
    public void Forwarding(ClusterModel cluster)
    {
        _cluster = cluster;
        _forwarded = true;
        _activity?.SetTag(MeshTelemetryTags.SpanCluster, cluster.Name);
        var active = _runtime.Metrics.ActiveRequests;
        if (active.Enabled)
        {
            active.Add(1, new KeyValuePair<string, object?>(MeshTelemetryTags.Cluster, cluster.Name));
            _activeCounted = true;
        }
    }

    /// <summary>
    /// The attempts are over: keeps what the request's end reports of them (flags, attempt count), so that the router
    /// can reuse <paramref name="attempt"/> for another request.
    /// </summary>
    /// <param name="attempt">The request's attempt state.</param>
    public void Forwarded(RequestAttemptState attempt)
    {
        _attemptFlags = attempt.Flags;
        _attemptCount = attempt.AttemptCount;
    }

    /// <summary>Sends one attempt inside the <c>mesh.attempt</c> span, with B3 headers, when the request is traced.</summary>
    /// <param name="transport">The cluster's connection pool.</param>
    /// <param name="request">The attempt.</param>
    /// <param name="endpoint">The endpoint picked, or null for a passthrough cluster.</param>
    /// <param name="attempt">The request's attempt state.</param>
    /// <param name="cancellationToken">The attempt's token.</param>
    /// <returns>The upstream response.</returns>
    public Task<HttpResponseMessage> SendAttemptAsync(
        HttpMessageInvoker transport,
        HttpRequestMessage request,
        LbEndpoint? endpoint,
        RequestAttemptState attempt,
        CancellationToken cancellationToken)
    {
        _endpoint = endpoint;
        if (_activity is null)
        {
            return SendAsync(transport, request, cancellationToken);
        }

        if (attempt.IsRetry)
        {
            _activity.AddEvent(new ActivityEvent(
                MeshTelemetry.RetryEventName,
                tags: new ActivityTagsCollection { [MeshTelemetryTags.AttemptNumber] = attempt.AttemptCount }));
        }

        return SendTracedAsync(transport, request, endpoint, attempt.AttemptCount, cancellationToken);
    }

    /// <summary>The request ended with <paramref name="response"/>: records the metrics, the span's outcome and the access log.</summary>
    /// <param name="response">The response returned to the caller.</param>
    public void Complete(HttpResponseMessage response)
    {
        var grpcStatus = string.Empty;
        if (_isGrpc && response.Headers.NonValidated.TryGetValues("grpc-status", out var values))
        {
            grpcStatus = values.ToString();
        }

        Record((int)response.StatusCode, grpcStatus, response.Content?.Headers.ContentLength ?? 0, exception: null);
    }

    /// <summary>The request ended with an exception (the caller cancelled, or a failure the mesh does not answer).</summary>
    /// <param name="exception">The exception the caller sees.</param>
    public void Fail(Exception exception) => Record(0, string.Empty, 0, exception);

    /// <summary>Ends the <c>mesh.request</c> span.</summary>
    public void Dispose() => _activity?.Dispose();

    private static string ServiceNameOf(string host) =>
        ServiceNames.GetOrAdd(host, static h =>
        {
            // Kubernetes services are named by their first label; other hosts (ServiceEntry) by the host itself, as Istio does.
            var dot = h.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && h.Contains(".svc.", StringComparison.Ordinal) ? h[..dot] : h;
        });

    private static string StatusText(int status)
    {
        if ((uint)status >= (uint)StatusTexts.Length)
        {
            return status.ToString(CultureInfo.InvariantCulture);
        }

        return StatusTexts[status] ??= status.ToString(CultureInfo.InvariantCulture);
    }

    private static string Label(IReadOnlyDictionary<string, string>? labels, string name) =>
        labels is not null && labels.TryGetValue(name, out var value) && value.Length > 0 ? value : Unknown;

    private static string ProtocolOf(Version version) => version.Major switch
    {
        2 => "HTTP/2",
        3 => "HTTP/3",
        _ => version.Minor == 0 ? "HTTP/1.0" : "HTTP/1.1",
    };

    private async Task<HttpResponseMessage> SendTracedAsync(
        HttpMessageInvoker transport,
        HttpRequestMessage request,
        LbEndpoint? endpoint,
        int attemptNumber,
        CancellationToken cancellationToken)
    {
        // The request span is current here, so the attempt span is its child and SocketsHttpHandler propagates it.
        using var span = MeshTracing.Source.StartActivity(MeshTelemetry.AttemptActivityName, ActivityKind.Client);
        if (span is not null)
        {
            span.SetTag(MeshTelemetryTags.AttemptNumber, attemptNumber);
            span.SetTag(MeshTelemetryTags.Endpoint, endpoint?.HashKey ?? request.RequestUri?.Authority);
        }

        B3Headers.Apply(request, span ?? _activity!);
        try
        {
            var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (span is not null)
            {
                var status = (int)response.StatusCode;
                span.SetTag(MeshTelemetryTags.HttpResponseStatusCode, status);
                if (status >= 500)
                {
                    span.SetStatus(ActivityStatusCode.Error);
                }
            }

            return response;
        }
        catch (Exception exception)
        {
            span?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    private void Record(int status, string grpcStatus, long responseBytes, Exception? exception)
    {
        if (_recorded)
        {
            return;
        }

        _recorded = true;
        var metrics = _runtime.Metrics;
        var duration = _runtime.TimeProvider.GetElapsedTime(_startTimestamp);
        var flags = _flags | _attemptFlags;
        var flagsText = exception is OperationCanceledException && flags == ResponseFlags.None ? DownstreamDisconnect : ResponseFlagsText.Format(flags);
        var clusterTag = _cluster is null ? default : new KeyValuePair<string, object?>(MeshTelemetryTags.Cluster, _cluster.Name);

        if (_activeCounted)
        {
            metrics.ActiveRequests.Add(-1, clusterTag);
        }

        if (_attemptCount > 1 && _cluster is not null && metrics.Retries.Enabled)
        {
            metrics.Retries.Add(_attemptCount - 1, clusterTag);
        }

        if (metrics.Requests.Enabled || metrics.Duration.Enabled || metrics.RequestBytes.Enabled || metrics.ResponseBytes.Enabled)
        {
            var tags = default(RequestTags);
            FillTags(ref tags, status, flagsText, grpcStatus);
            ReadOnlySpan<KeyValuePair<string, object?>> span = tags;
            metrics.Requests.Add(1, span);
            metrics.Duration.Record(duration.TotalMilliseconds, span);
            metrics.RequestBytes.Record(_requestBytes, span);
            metrics.ResponseBytes.Record(responseBytes, span);
        }

        if (_activity is { } activity)
        {
            if ((flags & (ResponseFlags.FaultInjected | ResponseFlags.DelayInjected)) != 0)
            {
                var fault = (flags & ResponseFlags.DelayInjected) == 0 ? "abort" : (flags & ResponseFlags.FaultInjected) == 0 ? "delay" : "delay,abort";
                activity.AddEvent(new ActivityEvent(MeshTelemetry.FaultInjectedEventName, tags: new ActivityTagsCollection { [MeshTelemetryTags.Fault] = fault }));
            }

            activity.SetTag(MeshTelemetryTags.HttpResponseStatusCode, status);
            activity.SetTag(MeshTelemetryTags.SpanResponseFlags, flagsText);
            if (exception is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            }
            else if (status >= 400)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        if (_runtime.AccessLog is { } logger)
        {
            WriteAccessLog(logger, status, flagsText, responseBytes, duration);
        }
    }

    private void FillTags(ref RequestTags tags, int status, string flagsText, string grpcStatus)
    {
        var metrics = _runtime.Metrics;
        string service;
        string serviceName;
        string serviceNamespace;
        if (_cluster is { } cluster)
        {
            (service, serviceName, serviceNamespace) = (cluster.Host, ServiceNameOf(cluster.Host), cluster.Service.Namespace);
        }
        else if (_destination is { } destination)
        {
            (service, serviceName, serviceNamespace) = (destination.Host, ServiceNameOf(destination.Host), destination.Service?.Namespace ?? Unknown);
        }
        else if (_host is { } host)
        {
            (service, serviceName, serviceNamespace) = (host.Host, ServiceNameOf(host.Host), Unknown);
        }
        else
        {
            service = _request.RequestUri is { IsAbsoluteUri: true } uri ? uri.Host : Unknown;
            serviceName = _runtime.Options.OutboundTrafficPolicy == OutboundTrafficPolicy.RegistryOnly ? BlackHoleCluster : PassthroughCluster;
            serviceNamespace = Unknown;
        }

        var labels = _endpoint?.Labels;
        var app = Label(labels, "app");
        var workload = labels is not null && labels.TryGetValue(WorkloadNameLabel, out var name) && name.Length > 0 ? name : app;

        tags[0] = new(MeshTelemetryTags.Reporter, "source");
        tags[1] = new(MeshTelemetryTags.SourceWorkload, metrics.SourceWorkload);
        tags[2] = new(MeshTelemetryTags.SourceWorkloadNamespace, metrics.SourceNamespace);
        tags[3] = new(MeshTelemetryTags.SourceApp, metrics.SourceApp);
        tags[4] = new(MeshTelemetryTags.SourceVersion, metrics.SourceVersion);
        tags[5] = new(MeshTelemetryTags.DestinationService, service);
        tags[6] = new(MeshTelemetryTags.DestinationServiceName, serviceName);
        tags[7] = new(MeshTelemetryTags.DestinationServiceNamespace, serviceNamespace);
        tags[8] = new(MeshTelemetryTags.DestinationWorkload, workload);
        tags[9] = new(MeshTelemetryTags.DestinationApp, app);
        tags[10] = new(MeshTelemetryTags.DestinationVersion, Label(labels, "version"));
        tags[11] = new(MeshTelemetryTags.RequestProtocol, _isGrpc ? "grpc" : "http");
        tags[12] = new(MeshTelemetryTags.ResponseCode, StatusText(status));
        tags[13] = new(MeshTelemetryTags.ResponseFlags, flagsText);
        tags[14] = new(MeshTelemetryTags.GrpcResponseStatus, grpcStatus);
        tags[15] = new(MeshTelemetryTags.DestinationWorkloadNamespace, ReferenceEquals(workload, Unknown) ? Unknown : serviceNamespace);
    }

    private void WriteAccessLog(ILogger logger, int status, string flagsText, long responseBytes, TimeSpan duration)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var unrouted = _host is null;
        var upstreamCluster = _cluster?.Name ?? (unrouted
            ? _runtime.Options.OutboundTrafficPolicy == OutboundTrafficPolicy.RegistryOnly ? BlackHoleCluster : PassthroughCluster
            : "-");
        var upstreamHost = _endpoint?.HashKey
            ?? ((_forwarded || (unrouted && _runtime.Options.OutboundTrafficPolicy == OutboundTrafficPolicy.AllowAny)) && _request.RequestUri is { IsAbsoluteUri: true } uri
                ? uri.Authority
                : "-");
        var startTime = _startTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var protocol = ProtocolOf(_request.Version);
        AccessLog.Request(
            logger,
            startTime,
            _request.Method.Method,
            _path ?? "-",
            protocol,
            status,
            flagsText,
            _requestBytes,
            responseBytes,
            (long)duration.TotalMilliseconds,
            _authority ?? "-",
            upstreamHost,
            upstreamCluster,
            _route?.Name ?? "-",
            _attemptCount);
    }
}
