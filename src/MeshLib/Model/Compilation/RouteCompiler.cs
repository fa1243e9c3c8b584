using System.Text;
using MeshLib.Configuration;
using MeshLib.Configuration.VirtualService;
using MeshLib.Discovery;
using MeshLib.LoadBalancing;
using MeshLib.Model.Gateways;
using MeshLib.Retries;
using MeshLib.Routing;

namespace MeshLib.Model.Compilation;

/// <summary>Compiles one VirtualService HTTP route into a <see cref="RouteModel"/>.</summary>
internal sealed class RouteCompiler(ServiceRegistry services, ClusterCatalog clusters, MeshOptions options, RoutePipelineFactory pipelines)
{
    /// <summary>Compiles <paramref name="route"/>, or returns null when Istio would drop it for this workload.</summary>
    /// <param name="route">The route (delegates already flattened).</param>
    /// <param name="index">Its position, for the default name <c>#index</c>.</param>
    /// <param name="virtualService">The VirtualService as <c>Kind/namespace/name</c>.</param>
    /// <param name="resourceNamespace">The VirtualService's namespace, for short host names.</param>
    /// <param name="vsGateways">The VirtualService's top-level gateways.</param>
    /// <param name="gateway">The gateway (<c>ns/name</c>) the routes are for; null for this workload's sidecar (<c>mesh</c>).</param>
    public RouteModel? Compile(HttpRouteConfig route, int index, string virtualService, string resourceNamespace, IReadOnlyList<string>? vsGateways, string? gateway = null)
    {
        var matches = new List<RouteMatch>();
        if (route.Match is { Count: > 0 } matchConfigs)
        {
            foreach (var match in matchConfigs)
            {
                if (gateway is null ? AppliesHere(match, vsGateways) : AppliesToGateway(match, gateway, resourceNamespace))
                {
                    matches.Add(MatchCompiler.Compile(match));
                }
            }

            // Every match block was for other workloads or gateways: Istio drops the route for this one.
            if (matches.Count == 0)
            {
                return null;
            }
        }

        var name = route.Name ?? $"#{index}";
        var rewriteAuthority = route.Rewrite?.Authority;
        var routeRequest = Operations(route.Headers?.Request);
        var routeResponse = Operations(route.Headers?.Response);
        var common = new RouteModel
        {
            Name = name,
            VirtualService = virtualService,
            Config = route,
            Matches = matches,
            Action = RouteAction.Forward,
            Rewrite = route.Rewrite is { } rewrite
                ? new PathRewriter(rewrite.Uri, rewrite.UriRegexRewrite?.Match, rewrite.UriRegexRewrite?.Rewrite, rewrite.Authority)
                : null,
            ResponseHeaders = routeResponse,
            Timeout = route.Timeout?.ToTimeSpan(),
            Cors = Cors(route.CorsPolicy),
        };

        if (route.Redirect is { } redirect)
        {
            if (!RedirectBuilder.IsSupportedCode(redirect.RedirectCode ?? 0))
            {
                // Envoy accepts only 301/302/303/307/308: Istio leaves such a route without an action.
                return null;
            }

            return With(common, RouteAction.Redirect, redirect: new RedirectBuilder(
                redirect.Uri,
                redirect.PrefixRewrite,
                redirect.Authority,
                redirect.Scheme,
                redirect.Port,
                redirect.DerivePort is { } derive ? (RedirectPortDerivation)(int)derive : null,
                redirect.RedirectCode ?? 0));
        }

        if (route.DirectResponse is { } direct)
        {
            return With(common, RouteAction.DirectResponse, directStatus: (int)(direct.Status ?? 200), directBody: Body(direct.Body));
        }

        var weighted = (route.Route?.Count ?? 0) > 1;
        var destinations = new List<DestinationModel>();
        foreach (var destination in route.Route ?? [])
        {
            // With several destinations, weight 0 gets no traffic: Istio leaves it out.
            if (weighted && (destination.Weight ?? 0) == 0)
            {
                continue;
            }

            var plan = HeaderOperationsPlan.Create(
                routeRequest,
                routeResponse,
                Operations(destination.Headers?.Request),
                Operations(destination.Headers?.Response),
                weighted,
                rewriteAuthority);
            destinations.Add(Destination(destination.Destination, destination.Weight ?? 0, resourceNamespace, plan));
        }

        if (destinations.Count == 0)
        {
            return null;
        }

        var mirrors = new List<MirrorModel>();
        var noHeaders = HeaderOperationsPlan.Create(routeRequest, null, null, null, weighted: false, rewriteAuthority);
        if (route.Mirror is { } mirror)
        {
            var percent = route.MirrorPercentage?.Value ?? route.MirrorPercent ?? 100d;
            mirrors.Add(new MirrorModel(Destination(mirror, 0, resourceNamespace, noHeaders), percent / 100d));
        }

        foreach (var policy in route.Mirrors ?? [])
        {
            if (policy.Destination is { } target)
            {
                mirrors.Add(new MirrorModel(Destination(target, 0, resourceNamespace, noHeaders), (policy.Percentage?.Value ?? 100d) / 100d));
            }
        }

        return new RouteModel
        {
            Name = common.Name,
            VirtualService = common.VirtualService,
            Config = common.Config,
            Matches = common.Matches,
            Action = RouteAction.Forward,
            Rewrite = common.Rewrite,
            ResponseHeaders = common.ResponseHeaders,
            Timeout = common.Timeout,
            Cors = common.Cors,
            Destinations = destinations,
            Picker = destinations.Count > 1 ? new WeightedPicker(destinations.Select(d => d.Weight).ToList()) : null,
            Pipeline = pipelines.Create(route),
            Mirrors = mirrors.Where(m => m.Fraction > 0).ToList(),
        };
    }

    /// <summary>The default route of a service that has no VirtualService: all endpoints, default retries, no timeout.</summary>
    public RouteModel DefaultRoute(ServiceModel service)
    {
        var config = new HttpRouteConfig
        {
            Name = "default",
            Route = new EquatableList<HttpRouteDestinationConfig>([new HttpRouteDestinationConfig { Destination = new DestinationConfig { Host = service.Host } }]),
        };
        var plan = HeaderOperationsPlan.Create(null, null, null, null, weighted: false, rewriteAuthority: null);
        return new RouteModel
        {
            Name = "default",
            VirtualService = string.Empty,
            Config = config,
            Matches = [],
            Action = RouteAction.Forward,
            Destinations = [Destination(config.Route[0].Destination!, 0, service.Namespace, plan)],
            Pipeline = pipelines.Create(fault: null, routeTimeout: null, RetryPolicy.Default),
        };
    }

    private DestinationModel Destination(DestinationConfig? destination, int weight, string resourceNamespace, HeaderOperationsPlan plan)
    {
        var host = HostNames.ToFqdn(destination?.Host ?? string.Empty, resourceNamespace, options.ClusterDomain);
        var subset = destination?.Subset ?? string.Empty;
        var port = destination?.Port?.Number is { } number and > 0 ? (int)number : (int?)null;
        var service = services.Find(host);
        if (service is null)
        {
            return new DestinationModel(host, subset, port, weight, null, null, null, plan);
        }

        // The named port, else the service's only port; otherwise the cluster depends on the request's port.
        var fixedPort = port ?? (service.Ports.Count == 1 ? service.Ports[0].Number : (int?)null);
        if (fixedPort is { } known)
        {
            return new DestinationModel(host, subset, port, weight, service, clusters.Get(service, known, subset), null, plan);
        }

        var byPort = new Dictionary<int, ClusterModel>();
        foreach (var servicePort in service.Ports)
        {
            if (clusters.Get(service, servicePort.Number, subset) is { } cluster)
            {
                byPort[servicePort.Number] = cluster;
            }
        }

        return new DestinationModel(host, subset, port, weight, service, null, byPort, plan);
    }

    /// <summary>sourceLabels/sourceNamespace/gateways select workloads, not requests: keep the match only if it applies to this one.</summary>
    private bool AppliesHere(HttpMatchRequestConfig match, IReadOnlyList<string>? vsGateways)
    {
        var gateways = match.Gateways is { Count: > 0 } ? match.Gateways : vsGateways;
        if (gateways is { Count: > 0 } && !gateways.Contains("mesh"))
        {
            return false;
        }

        return RouteMatch.AppliesTo(match.SourceLabels, match.SourceNamespace, (IReadOnlyDictionary<string, string>)options.WorkloadLabels, options.Namespace);
    }

    /// <summary>Istio's <c>sourceMatchHTTP</c> on a gateway: the match's own <c>gateways</c> decide; without them, the workload selectors.</summary>
    private bool AppliesToGateway(HttpMatchRequestConfig match, string gateway, string resourceNamespace) =>
        match.Gateways is { Count: > 0 } names
            ? GatewayNames.Include(names, gateway, resourceNamespace)
            : RouteMatch.AppliesTo(match.SourceLabels, match.SourceNamespace, (IReadOnlyDictionary<string, string>)options.WorkloadLabels, options.Namespace);

    private static HeaderOperations? Operations(HeaderOperationsConfig? config) =>
        config is null ? null : new HeaderOperations(config.Set, config.Add, config.Remove);

    private static byte[]? Body(HttpBodyConfig? body) => body switch
    {
        { String: { } text } => Encoding.UTF8.GetBytes(text),
        { Bytes: { } base64 } => Convert.FromBase64String(base64),
        _ => null,
    };

    private static CorsPolicyEvaluator? Cors(CorsPolicyConfig? cors)
    {
        if (cors is null)
        {
            return null;
        }

        var origins = new List<StringMatcher>();
        foreach (var origin in cors.AllowOrigins ?? [])
        {
            if (MatchCompiler.ToMatcher(origin, ignoreCase: false) is { } matcher)
            {
                origins.Add(matcher);
            }
        }

        foreach (var origin in cors.AllowOrigin ?? [])
        {
            origins.Add(origin == "*" ? StringMatcher.Presence() : StringMatcher.Exact(origin));
        }

        return new CorsPolicyEvaluator(
            origins,
            cors.AllowMethods,
            cors.AllowHeaders,
            cors.ExposeHeaders,
            cors.MaxAge is { } maxAge ? maxAge.Nanoseconds / 1_000_000_000 : null,
            cors.AllowCredentials,
            cors.UnmatchedPreflights != UnmatchedPreflights.Ignore);
    }

    private static RouteModel With(RouteModel common, RouteAction action, RedirectBuilder? redirect = null, int directStatus = 0, byte[]? directBody = null) => new()
    {
        Name = common.Name,
        VirtualService = common.VirtualService,
        Config = common.Config,
        Matches = common.Matches,
        Action = action,
        ResponseHeaders = common.ResponseHeaders,
        Cors = common.Cors,
        Redirect = redirect,
        DirectStatus = directStatus,
        DirectBody = directBody,
    };
}
