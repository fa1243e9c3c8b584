using System.Globalization;
using System.Text;
using MeshLib.Clusters;
using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.ConnectionPool;
using MeshLib.Model;
using MeshLib.OutlierDetection;
using MeshLib.Retries;
using MeshLib.Routing;
using MeshLib.Tls;

namespace MeshLib.Cli.Explain;

/// <summary>
/// Explains what the mesh does with one request, using the compiled <see cref="MeshSnapshot"/> and the same steps as
/// the runtime router (<c>MeshRouter</c>): <see cref="RequestView"/> → <see cref="HostIndex.Find"/> →
/// <see cref="RouteSelector.Select(in RequestView, int, out RouteMatch?)"/> → route action → destination clusters.
/// Nothing is sent anywhere.
/// </summary>
internal sealed class RequestExplainer
{
    private static readonly EnumValues SimpleLbNames = new(typeof(SimpleLb));
    private static readonly EnumValues TlsModeNames = new(typeof(ClientTlsMode));
    private static readonly EnumValues ResolutionNames = new(typeof(ServiceEntryResolution));
    private static readonly EnumValues H2UpgradeNames = new(typeof(H2UpgradePolicy));

    private readonly MeshSnapshot _snapshot;
    private readonly OutboundTrafficPolicy _outboundTrafficPolicy;

    /// <summary>Creates an explainer over a compiled configuration.</summary>
    /// <param name="snapshot">The compiled configuration.</param>
    /// <param name="outboundTrafficPolicy">What happens to a host the configuration does not know.</param>
    public RequestExplainer(MeshSnapshot snapshot, OutboundTrafficPolicy outboundTrafficPolicy)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _snapshot = snapshot;
        _outboundTrafficPolicy = outboundTrafficPolicy;
    }

    /// <summary>The Istio name of an outbound traffic policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns><c>ALLOW_ANY</c> or <c>REGISTRY_ONLY</c>.</returns>
    public static string PolicyName(OutboundTrafficPolicy policy) =>
        policy == OutboundTrafficPolicy.RegistryOnly ? "REGISTRY_ONLY" : "ALLOW_ANY";

    /// <summary>Explains <paramref name="request"/>.</summary>
    /// <param name="request">The request, with an absolute URI.</param>
    /// <returns>The explanation.</returns>
    public Explanation Explain(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("The request needs an absolute URI, such as http://reviews:9080/reviews/0.", nameof(request));
        }

        var view = new RequestView(request);
        var host = view.HostWithoutPort.ToString();
        var requestInfo = new RequestInfo(
            view.Method,
            request.RequestUri.OriginalString,
            view.Authority,
            host,
            view.Port,
            view.PathAndQuery,
            Headers(request));
        var policyName = PolicyName(_outboundTrafficPolicy);

        var virtualHost = _snapshot.Hosts.Find(view.HostWithoutPort);
        if (virtualHost is null)
        {
            return _outboundTrafficPolicy == OutboundTrafficPolicy.RegistryOnly
                ? Empty(requestInfo, ExplanationOutcome.BlackHole, 502, policyName,
                    $"no VirtualService or ServiceEntry knows host \"{host}\": REGISTRY_ONLY answers 502 (BlackHole cluster)")
                : Empty(requestInfo, ExplanationOutcome.Passthrough, null, policyName,
                    $"no VirtualService or ServiceEntry knows host \"{host}\": ALLOW_ANY forwards the request as addressed, to {view.Authority} (PassthroughCluster)");
        }

        var index = virtualHost.Selector.Select(in view, view.Port, out var matched);
        var routes = new List<RouteInfo>(virtualHost.Routes.Count);
        for (var i = 0; i < virtualHost.Routes.Count; i++)
        {
            routes.Add(DescribeRoute(virtualHost.Routes[i], i, in view, i == index ? matched : null));
        }

        var defaultService = virtualHost.VirtualService.Length == 0
            ? virtualHost.Routes.SelectMany(r => r.Destinations).Select(d => d.Service?.Source).FirstOrDefault(s => s is not null)
            : null;
        var virtualHostInfo = new VirtualHostInfo(virtualHost.Host, NullIfEmpty(virtualHost.VirtualService), defaultService);
        var owner = virtualHost.VirtualService.Length > 0 ? virtualHost.VirtualService : $"the default route of {defaultService ?? virtualHost.Host}";

        if (index < 0)
        {
            return new Explanation(
                requestInfo, ExplanationOutcome.NoRoute, 404, $"no route of {owner} matches: 404 (NR)", policyName,
                virtualHostInfo, null, routes, [], null, null, null);
        }

        var route = virtualHost.Routes[index];
        var routeInfo = routes[index];
        var routeLabel = virtualHost.VirtualService.Length > 0 ? $"route {RouteLabel(routeInfo)} of {owner}" : owner;

        if (route.Cors?.TryAnswerPreflight(request) is { } preflight)
        {
            using (preflight)
            {
                var status = (int)preflight.StatusCode;
                return new Explanation(
                    requestInfo, ExplanationOutcome.CorsPreflight, status,
                    $"{routeLabel} answers the CORS preflight itself: {status.ToString(CultureInfo.InvariantCulture)}", policyName,
                    virtualHostInfo, routeInfo, routes, [], null, null, null);
            }
        }

        switch (route.Action)
        {
            case RouteAction.Redirect:
            {
                var redirect = route.Redirect!;
                var location = redirect.BuildLocation(in view, matched!, view.Port);
                return new Explanation(
                    requestInfo, ExplanationOutcome.Redirect, redirect.StatusCode,
                    $"{routeLabel} redirects: {redirect.StatusCode.ToString(CultureInfo.InvariantCulture)} to {location}", policyName,
                    virtualHostInfo, routeInfo, routes, [], new RedirectInfo(redirect.StatusCode, location), null, null);
            }

            case RouteAction.DirectResponse:
            {
                var body = route.DirectBody is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
                return new Explanation(
                    requestInfo, ExplanationOutcome.DirectResponse, route.DirectStatus,
                    $"{routeLabel} answers directly: {route.DirectStatus.ToString(CultureInfo.InvariantCulture)}", policyName,
                    virtualHostInfo, routeInfo, routes, [], null, new DirectResponseInfo(route.DirectStatus, body), null);
            }

            default:
            {
                var destinations = Destinations(route, request, view);
                var policies = Policies(route, in view, matched!);
                return new Explanation(
                    requestInfo, ExplanationOutcome.Forward, null, ForwardSummary(routeLabel, destinations, policies.Fault), policyName,
                    virtualHostInfo, routeInfo, routes, destinations, null, null, policies);
            }
        }
    }

    /// <summary>A route as <c>#0</c>, or <c>name (#2)</c> for a named route.</summary>
    /// <param name="route">The route.</param>
    /// <returns>The label.</returns>
    public static string RouteLabel(RouteInfo route) =>
        route.Name.StartsWith('#') ? route.Name : $"\"{route.Name}\" (#{route.Index.ToString(CultureInfo.InvariantCulture)})";

    private static Explanation Empty(RequestInfo request, ExplanationOutcome outcome, int? status, string policyName, string summary) =>
        new(request, outcome, status, summary, policyName, null, null, [], [], null, null, null);

    private static List<HeaderInfo> Headers(HttpRequestMessage request)
    {
        var headers = new List<HeaderInfo>();
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            headers.Add(new HeaderInfo(name, values.ToString()));
        }

        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers.NonValidated)
            {
                headers.Add(new HeaderInfo(name, values.ToString()));
            }
        }

        return headers;
    }

    private static RouteInfo DescribeRoute(RouteModel route, int index, in RequestView view, RouteMatch? matched)
    {
        var matches = new List<MatchInfo>(route.Matches.Count);
        MatchInfo? matchedBy = null;
        for (var i = 0; i < route.Matches.Count; i++)
        {
            var info = MatchDescriber.Describe(route.Matches[i], i, in view, view.Port);
            matches.Add(info);
            if (matched is not null && ReferenceEquals(route.Matches[i], matched))
            {
                matchedBy = info;
            }
        }

        if (matched is not null && matchedBy is null)
        {
            // A route without match blocks: RouteSelector reports RouteMatch.Any.
            matchedBy = MatchDescriber.Describe(matched, null, in view, view.Port);
        }

        var action = route.Action switch
        {
            RouteAction.Redirect => "redirect",
            RouteAction.DirectResponse => "directResponse",
            _ => "forward",
        };
        return new RouteInfo(index, route.Name, NullIfEmpty(route.VirtualService), action, matched is not null, matchedBy, matches);
    }

    private static List<DestinationInfo> Destinations(RouteModel route, HttpRequestMessage request, RequestView view)
    {
        var requestPort = view.Port;
        long sum = 0;
        foreach (var destination in route.Destinations)
        {
            sum += destination.Weight;
        }

        var result = new List<DestinationInfo>(route.Destinations.Count);
        foreach (var destination in route.Destinations)
        {
            // A single destination takes every request whatever its weight (Istio writes a plain cluster).
            var percent = route.Destinations.Count == 1 ? 100d : sum == 0 ? 0d : Math.Round(destination.Weight * 100d / sum, 2);
            var cluster = destination.ResolveCluster(requestPort);
            result.Add(new DestinationInfo(
                destination.Host,
                NullIfEmpty(destination.Subset),
                destination.Port,
                destination.Weight,
                percent,
                cluster is null ? null : Cluster(cluster, request, view),
                cluster is null ? NoClusterReason(destination, requestPort) : null));
        }

        return result;
    }

    private static string NoClusterReason(DestinationModel destination, int requestPort)
    {
        if (destination.Service is not { } service)
        {
            return $"host {destination.Host} is not in the service registry (no ServiceEntry defines it), so the request gets 503";
        }

        var port = destination.Port ?? (service.Ports.Count == 1 ? service.Ports[0].Number : requestPort);
        if (service.FindPort(port) is null && !service.IsPassthrough)
        {
            return $"service {destination.Host} ({service.Source}) has no port {port.ToString(CultureInfo.InvariantCulture)}, so the request gets 503";
        }

        return destination.Subset.Length > 0
            ? $"subset {destination.Subset} is not defined by any DestinationRule for {destination.Host}, so the request gets 503"
            : $"{destination.Host} has no cluster for port {port.ToString(CultureInfo.InvariantCulture)}, so the request gets 503";
    }

    private static ClusterInfo Cluster(ClusterModel cluster, HttpRequestMessage request, RequestView view)
    {
        var endpoints = cluster.Endpoints
            .Select(e => new EndpointInfo(
                e.Address,
                e.Port,
                new SortedDictionary<string, string>(e.Labels.ToDictionary(l => l.Key, l => l.Value), StringComparer.Ordinal),
                e.Weight,
                e.Locality))
            .ToList();
        var policy = cluster.Policy;
        return new ClusterInfo(
            cluster.Name,
            cluster.Service.Source,
            ResolutionNames.NameOf(cluster.Service.Resolution),
            cluster.IsPassthrough,
            endpoints,
            LoadBalancer(policy.LoadBalancer, request, view),
            ConnectionPool(ConnectionPoolPolicy.From(policy.ConnectionPool)),
            OutlierDetectionPolicy.From(policy.OutlierDetection) is { } outlier ? OutlierDetection(outlier) : null,
            policy.Tls is { } tls ? Tls(tls, cluster.Tls) : null);
    }

    private static LoadBalancerInfo LoadBalancer(LoadBalancerSettingsConfig? settings, HttpRequestMessage request, RequestView view)
    {
        var locality = settings?.LocalityLbSetting is not null;
        if (settings?.ConsistentHash is { } hash)
        {
            // As LoadBalancerFactory.Create: Maglev when configured, otherwise a ring hash.
            var algorithm = hash.Maglev is not null ? "MAGLEV" : "RING_HASH";
            var (hashOn, key) = hash switch
            {
                { HttpHeaderName: { } header } => ("httpHeaderName", header),
                { HttpCookie.Name: { } cookie } => ("httpCookie", cookie),
                { HttpQueryParameterName: { } parameter } => ("httpQueryParameterName", parameter),
                { UseSourceIp: true } => ("useSourceIp", (string?)null),
                _ => ("none", null),
            };
            var ring = hash.Maglev is null ? hash.RingHash?.MinimumRingSize ?? hash.MinimumRingSize : null;
            // The router hashes with LoadBalancerFactory.HashOf; no hash means a random endpoint.
            var value = LoadBalancerFactory.HashOf(hash, request, null) is null ? null : HashInput(hashOn, key, view);
            var consistent = new ConsistentHashInfo(hashOn, key, value, ring, hash.Maglev?.TableSize);
            return new LoadBalancerInfo(algorithm, false, settings.Simple is { } s ? SimpleLbNames.NameOf(s) : null, consistent, locality);
        }

        var simple = settings?.Simple;
        var effective = simple switch
        {
            SimpleLb.RoundRobin => "ROUND_ROBIN",
            SimpleLb.Random => "RANDOM",
            _ => "LEAST_REQUEST",
        };
        return new LoadBalancerInfo(effective, settings is null, simple is { } named ? SimpleLbNames.NameOf(named) : null, null, locality);
    }

    private static string? HashInput(string hashOn, string? key, RequestView view)
    {
        switch (hashOn)
        {
            case "httpHeaderName":
                return view.TryGetHeader(key!, out var header) ? header.ToString() : null;
            case "httpQueryParameterName":
                return view.HasQuery && QueryParamMatcher.TryGetFirstValue(view.Query, key!, out var parameter) ? parameter.ToString() : null;
            case "httpCookie":
                if (view.TryGetHeader("cookie", out var cookies))
                {
                    foreach (var range in cookies.Split(';'))
                    {
                        var pair = cookies[range].Trim();
                        var equals = pair.IndexOf('=');
                        if (equals > 0 && pair[..equals].SequenceEqual(key!))
                        {
                            return pair[(equals + 1)..].ToString();
                        }
                    }
                }

                return null;
            default:
                // useSourceIp: the router hashes the loopback address when the request names no source (MeshRequestOptions.SourceAddress).
                return "127.0.0.1";
        }
    }

    private static ConnectionPoolInfo ConnectionPool(ConnectionPoolPolicy pool) => new(
        ReferenceEquals(pool, ConnectionPoolPolicy.Default),
        Limit(pool.MaxConnections),
        Limit(pool.MaxPendingRequests),
        Limit(pool.MaxRequests),
        Limit(pool.MaxRequestsPerConnection),
        Limit(pool.MaxRetries),
        DurationText.Format(pool.ConnectTimeout),
        DurationText.Format(pool.IdleTimeout),
        pool.MaxConnectionDuration is { } lifetime ? DurationText.Format(lifetime) : null,
        H2UpgradeNames.NameOf(pool.H2UpgradePolicy),
        pool.UseClientProtocol);

    private static uint? Limit(uint value) => value == ConnectionPoolPolicy.Unlimited ? null : value;

    private static OutlierDetectionInfo OutlierDetection(OutlierDetectionPolicy outlier) => new(
        outlier.Consecutive5xxErrors,
        outlier.ConsecutiveGatewayErrors,
        outlier.SplitExternalLocalOriginErrors,
        outlier.ConsecutiveLocalOriginFailures,
        DurationText.Format(outlier.Interval),
        DurationText.Format(outlier.BaseEjectionTime),
        DurationText.Format(outlier.MaxEjectionTime),
        outlier.MaxEjectionPercent,
        outlier.MinHealthPercent,
        outlier.HttpErrorCodes);

    // The subjectAltNames shown are those checked: the DestinationRule's, else the ServiceEntry's.
    private static TlsInfo Tls(ClientTlsSettingsConfig tls, UpstreamTlsSettings? effective) => new(
        TlsModeNames.NameOf(tls.Mode ?? ClientTlsMode.Disable),
        tls.Sni,
        tls.CredentialName,
        tls.ClientCertificate,
        tls.CaCertificates,
        effective is not null ? [.. effective.SubjectAltNames] : tls.SubjectAltNames is { } names ? [.. names] : [],
        tls.InsecureSkipVerify ?? false);

    private static RoutePoliciesInfo Policies(RouteModel route, in RequestView view, RouteMatch matched)
    {
        var pipeline = route.Pipeline!;
        FaultInfo? fault = null;
        if (pipeline.Fault is { } compiled)
        {
            fault = new FaultInfo(
                compiled.HasDelay ? new FaultDelayInfo(DurationText.Format(compiled.Delay), Percent(compiled.DelayProbability)) : null,
                compiled.HasAbort ? new FaultAbortInfo(compiled.AbortHttpStatus, compiled.AbortGrpcStatus, Percent(compiled.AbortProbability)) : null,
                null);
        }
        else if (route.Config.Fault is not null)
        {
            fault = new FaultInfo(null, null, "configured, but neither a delay nor an abort can fire (0% or no percentage, or exponentialDelay/http2Error, which are not supported)");
        }

        var retry = pipeline.RetryPolicy;
        var config = route.Config.Retries;
        var retryOn = !retry.IsEnabled ? string.Empty
            : string.IsNullOrEmpty(config?.RetryOn) ? RetryPolicy.DefaultRetryOn
            : config.RetryOn;
        var perTry = retry.IsEnabled ? retry.PerTryTimeout : null;
        var retries = new RetryInfo(
            config is null,
            retry.MaxRetries,
            retryOn,
            retry.RetriableStatusCodes,
            perTry is { } p ? DurationText.Format(p) : null,

            // As RoutePipelineFactory: a per-try timeout not shorter than the route timeout is ignored.
            perTry is { } value && !(value >= pipeline.RouteTimeout),
            DurationText.Format(retry.BaseInterval),
            DurationText.Format(retry.MaxInterval),
            retry.RetryRemoteLocalities,
            retry.RetryIgnorePreviousHostsSetting);

        RewriteInfo? rewrite = null;
        if (route.Rewrite is { } rewriter)
        {
            rewrite = new RewriteInfo(rewriter.RewritesPath ? rewriter.Rewrite(in view, matched) : null, rewriter.Authority);
        }

        var mirrors = new List<MirrorInfo>(route.Mirrors.Count);
        foreach (var mirror in route.Mirrors)
        {
            mirrors.Add(new MirrorInfo(
                mirror.Destination.Host,
                NullIfEmpty(mirror.Destination.Subset),
                Percent(mirror.Fraction),
                mirror.Destination.ResolveCluster(view.Port)?.Name));
        }

        return new RoutePoliciesInfo(
            fault,
            pipeline.RouteTimeout is { } timeout ? DurationText.Format(timeout) : null,
            retries,
            rewrite,
            mirrors);
    }

    private static string ForwardSummary(string routeLabel, List<DestinationInfo> destinations, FaultInfo? fault)
    {
        string forward;
        if (destinations.Count == 1)
        {
            var only = destinations[0];
            forward = only.Cluster is { } cluster
                ? $"forwards to {cluster.Name}"
                : $"forwards to {only.Host}, which has no cluster: {only.Problem}";
        }
        else
        {
            var parts = destinations.Select(d =>
                $"{d.Cluster?.Name ?? d.Host + " (no cluster: 503)"} ({DurationText.Percent(d.Percent)})");
            forward = $"splits between {string.Join(", ", parts)}";
        }

        // The fault filter runs before the router: an abort answers without reaching any destination.
        if (fault?.Abort is { Percent: >= 100 } always)
        {
            return $"{routeLabel} aborts every request with {Status(always)} (fault injection); without the fault it {forward}";
        }

        var text = $"{routeLabel} {forward}";
        if (fault?.Delay is { } delay)
        {
            text += $"; {DurationText.Percent(delay.Percent)} of requests are first delayed {delay.FixedDelay}";
        }

        if (fault?.Abort is { } abort)
        {
            text += $"; {DurationText.Percent(abort.Percent)} are aborted with {Status(abort)}";
        }

        return text;
    }

    private static string Status(FaultAbortInfo abort) =>
        abort.GrpcStatus is { } grpc
            ? $"grpc-status {grpc.ToString(CultureInfo.InvariantCulture)}"
            : abort.HttpStatus.ToString(CultureInfo.InvariantCulture);

    private static double Percent(double probability) => Math.Round(probability * 100, 4);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
