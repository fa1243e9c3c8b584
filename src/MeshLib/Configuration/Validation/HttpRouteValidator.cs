using System.Globalization;
using System.Text;
using MeshLib.Configuration.VirtualService;

namespace MeshLib.Configuration.Validation;

/// <summary>Istio's rules for one VirtualService <c>http</c> route (<c>validateHTTPRoute</c> and what it calls).</summary>
internal static class HttpRouteValidator
{
    private const int Kb = 1024;
    private const int Mb = 1024 * Kb;
    private const long NanosPerSecond = 1_000_000_000;

    private static readonly HashSet<string> RetryOnPolicies = new(
        [
            "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx", "refused-stream",
            "retriable-status-codes", "retriable-headers", "envoy-ratelimited", "http3-post-connect-failure",
            "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
        ],
        StringComparer.Ordinal);

    // Go's http.StatusText knows exactly these codes; an integer retryOn token must be one of them.
    private static readonly HashSet<int> StandardStatusCodes =
    [
        100, 101, 102, 103,
        200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
        300, 301, 302, 303, 304, 305, 307, 308,
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
        421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
        500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
    ];

    private static readonly HashSet<string> GrpcStatusNames = new(
        [
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
            "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
            "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
        ],
        StringComparer.Ordinal);

    private static readonly HashSet<string> CorsMethods =
        new(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*"], StringComparer.Ordinal);

    /// <summary>Validates one HTTP route.</summary>
    /// <param name="ctx">The validation context.</param>
    /// <param name="route">The route.</param>
    /// <param name="path">Its path, <c>spec.http[i]</c>.</param>
    /// <param name="inDelegate">Whether the VirtualService is a delegate (has no hosts).</param>
    public static void Validate(ValidationContext ctx, HttpRouteConfig route, string path, bool inDelegate)
    {
        ValidateConflicts(ctx, route, path, inDelegate);
        ValidateMatches(ctx, route, path);
        HttpHeaderRules.ValidateHeaders(ctx, route.Headers, ValidationContext.Join(path, "headers"));
        ValidateCors(ctx, route.CorsPolicy, ValidationContext.Join(path, "corsPolicy"));
        ValidateFault(ctx, route.Fault, ValidationContext.Join(path, "fault"));
        ValidateMirrorPercent(ctx, route, path);
        if (route.Mirror is not null)
        {
            ValidateDestination(ctx, route.Mirror, ValidationContext.Join(path, "mirror"));
        }

        ValidateMirrors(ctx, route, path);
        ValidateRedirect(ctx, route.Redirect, route.Match, ValidationContext.Join(path, "redirect"));
        ValidateDirectResponse(ctx, route.DirectResponse, ValidationContext.Join(path, "directResponse"));
        ValidateRetries(ctx, route.Retries, ValidationContext.Join(path, "retries"));
        ValidateRewrite(ctx, route.Rewrite, ValidationContext.Join(path, "rewrite"));
        ValidateAuthorityRewrite(ctx, route, path);
        ValidateRouteDestinations(ctx, route, path);
        if (route.Timeout is { } timeout)
        {
            Report(ctx, route, path, "timeout", CommonRules.Duration(timeout));
        }
    }

    private static void ValidateConflicts(ValidationContext ctx, HttpRouteConfig route, string path, bool inDelegate)
    {
        if (!inDelegate && route.Delegate is not null)
        {
            // A root route hands everything to its delegate: only the delegate checks apply.
            if (route.Redirect is not null)
            {
                ctx.Error(route, path, "redirect", $"root HTTP route {route.Name} must not specify redirect");
            }

            if (route.Route is not null)
            {
                ctx.Error(route, path, "route", $"root HTTP route {route.Name} must not specify route");
            }

            return;
        }

        if (inDelegate && route.Delegate is not null)
        {
            ctx.Error(route, path, "delegate", "delegate HTTP route cannot contain delegate");
        }

        var hasRoute = route.Route is { Count: > 0 };
        if (route.Redirect is not null)
        {
            if (hasRoute)
            {
                ctx.Error(route, path, "redirect", "HTTP route cannot contain both route and redirect");
            }

            if (route.Fault is not null)
            {
                ctx.Error(route, path, "redirect", "HTTP route cannot contain both fault and redirect");
            }

            if (route.Rewrite is not null)
            {
                ctx.Error(route, path, "redirect", "HTTP route rule cannot contain both rewrite and redirect");
            }

            if (route.DirectResponse is not null)
            {
                ctx.Error(route, path, "redirect", "HTTP route rule cannot contain both direct_response and redirect");
            }
        }
        else if (route.DirectResponse is not null)
        {
            if (hasRoute)
            {
                ctx.Error(route, path, "directResponse", "HTTP route cannot contain both route and direct_response");
            }

            if (route.Fault is not null)
            {
                ctx.Error(route, path, "directResponse", "HTTP route cannot contain both fault and direct_response");
            }

            if (route.Rewrite is not null)
            {
                ctx.Error(route, path, "directResponse", "HTTP route rule cannot contain both rewrite and direct_response");
            }
        }
        else if (!hasRoute)
        {
            ctx.Error(route, path, null, "HTTP route, redirect or direct_response is required");
        }

        if (route.Mirror is not null && route.Mirrors is { Count: > 0 })
        {
            ctx.Error(route, path, "mirrors", "HTTP route cannot contain both mirror and mirrors");
        }
    }

    private static void ValidateMatches(ValidationContext ctx, HttpRouteConfig route, string path)
    {
        if (route.Match is null)
        {
            return;
        }

        for (var i = 0; i < route.Match.Count; i++)
        {
            var match = route.Match[i];
            if (match is null)
            {
                continue;
            }

            var matchPath = ValidationContext.Index(ValidationContext.Join(path, "match"), i);
            foreach (var (name, sm) in match.Headers ?? EmptyMatches)
            {
                if (sm is null)
                {
                    ctx.Error(match, matchPath, "headers", $"header match {name} cannot be null");
                }

                Report(ctx, match, matchPath, "headers", HttpHeaderRules.MatchName(name));
                StringMatch(ctx, sm, MapPath(matchPath, "headers", name), "headers", allowEmptyPrefix: false);
            }

            foreach (var (name, sm) in match.WithoutHeaders ?? EmptyMatches)
            {
                Report(ctx, match, matchPath, "withoutHeaders", HttpHeaderRules.MatchName(name));

                // `regex: "*"` is not RE2: Istio turns it into a presence match.
                if (sm is not null && sm.Regex != "*")
                {
                    StringMatch(ctx, sm, MapPath(matchPath, "withoutHeaders", name), "withoutHeaders", allowEmptyPrefix: false);
                }
            }

            // Envoy accepts an empty uri prefix (match everything); the other StringMatch fields do not.
            StringMatch(ctx, match.Uri, ValidationContext.Join(matchPath, "uri"), "uri", allowEmptyPrefix: true);
            StringMatch(ctx, match.Scheme, ValidationContext.Join(matchPath, "scheme"), "scheme", allowEmptyPrefix: false);
            StringMatch(ctx, match.Method, ValidationContext.Join(matchPath, "method"), "method", allowEmptyPrefix: false);
            StringMatch(ctx, match.Authority, ValidationContext.Join(matchPath, "authority"), "authority", allowEmptyPrefix: false);
            foreach (var (name, sm) in match.QueryParams ?? EmptyMatches)
            {
                StringMatch(ctx, sm, MapPath(matchPath, "queryParams", name), "queryParams", allowEmptyPrefix: false);
            }

            if (match.Port is { } port and not 0)
            {
                Report(ctx, match, matchPath, "port", CommonRules.Port(port));
            }

            VirtualServiceValidator.ValidateLabels(ctx, match, matchPath, "sourceLabels", match.SourceLabels);
            VirtualServiceValidator.ValidateGatewayNames(ctx, match, matchPath, match.Gateways);
            if (!string.IsNullOrEmpty(match.SourceNamespace) && !CommonRules.IsDns1123Label(match.SourceNamespace))
            {
                ctx.Error(match, matchPath, "sourceNamespace", $"sourceNamespace match {match.SourceNamespace} is invalid");
            }
        }
    }

    private static readonly EquatableDictionary<StringMatchConfig> EmptyMatches = new([]);

    private static string MapPath(string owner, string field, string key) =>
        ValidationContext.Key(ValidationContext.Join(owner, field), key);

    /// <summary><c>validateStringMatch</c>: an empty prefix (unless allowed) and the regex rules.</summary>
    private static void StringMatch(ValidationContext ctx, StringMatchConfig? sm, string path, string where, bool allowEmptyPrefix)
    {
        if (sm is null)
        {
            return;
        }

        if (!allowEmptyPrefix && sm.Prefix is { Length: 0 })
        {
            ctx.Error(sm, path, "prefix", $"{GoFormat.Quote(where)}: prefix string match should not be empty");
        }

        if (sm.Regex is not null)
        {
            Report(ctx, sm, path, "regex", CommonRules.Regex(where, sm.Regex));
        }
    }

    private static void ValidateCors(ValidationContext ctx, CorsPolicyConfig? cors, string path)
    {
        if (cors is null)
        {
            return;
        }

        for (var i = 0; i < (cors.AllowOrigins?.Count ?? 0); i++)
        {
            var origin = cors.AllowOrigins![i];
            var originPath = ValidationContext.Index(ValidationContext.Join(path, "allowOrigins"), i);
            var value = origin?.Exact ?? origin?.Prefix ?? origin?.Regex ?? string.Empty;
            if (value.Length == 0)
            {
                // Istio prints the (empty) match value, hence the odd-looking "''".
                ctx.Error(origin ?? (ConfigElement)cors, origin is null ? path : originPath, origin is null ? "allowOrigins" : null, $"'{value}' is not a valid match type for CORS allow origins");
            }
            else if (origin!.Regex is not null)
            {
                Report(ctx, origin, originPath, "regex", CommonRules.Regex("corsPolicy.allowOrigins", origin.Regex));
            }
        }

        foreach (var method in cors.AllowMethods ?? EmptyStrings)
        {
            if (!CorsMethods.Contains(method ?? string.Empty))
            {
                ctx.Error(cors, path, "allowMethods", $"{GoFormat.Quote(method ?? string.Empty)} is not a supported HTTP method");
            }
        }

        foreach (var name in cors.AllowHeaders ?? EmptyStrings)
        {
            Report(ctx, cors, path, "allowHeaders", HttpHeaderRules.CorsName(name ?? string.Empty));
        }

        foreach (var name in cors.ExposeHeaders ?? EmptyStrings)
        {
            Report(ctx, cors, path, "exposeHeaders", HttpHeaderRules.CorsName(name ?? string.Empty));
        }

        if (cors.MaxAge is { } maxAge)
        {
            Report(ctx, cors, path, "maxAge", CommonRules.Duration(maxAge));

            // Envoy's max-age header is whole seconds; Istio rejects a sub-second part.
            if (maxAge.Nanoseconds % NanosPerSecond > 0)
            {
                ctx.Error(cors, path, "maxAge", "max_age duration is accurate only to seconds precision");
            }
        }
    }

    private static readonly EquatableList<string> EmptyStrings = new([]);

    private static void ValidateFault(ValidationContext ctx, HttpFaultInjectionConfig? fault, string path)
    {
        if (fault is null)
        {
            return;
        }

        if (fault.Abort is null && fault.Delay is null)
        {
            ctx.Error(fault, path, null, "HTTP fault injection must have an abort and/or a delay");
        }

        if (fault.Abort is { } abort)
        {
            var abortPath = ValidationContext.Join(path, "abort");
            Percentage(ctx, abort, abortPath, "percentage", abort.Percentage);
            if (abort.GrpcStatus is { } grpc)
            {
                if (!GrpcStatusNames.Contains(grpc))
                {
                    ctx.Error(abort, abortPath, "grpcStatus",
                        $"gRPC status {GoFormat.Quote(grpc)} is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'");
                }
            }
            else if (abort.Http2Error is not null)
            {
                ctx.Error(abort, abortPath, "http2Error", "HTTP/2 abort fault injection not supported yet");
            }
            else if (abort.HttpStatus is { } status)
            {
                Report(ctx, abort, abortPath, "httpStatus", HttpStatus(status));
            }
            else
            {
                ctx.Warning(abort, abortPath, null, "abort configured, but error type not set");
            }
        }

        if (fault.Delay is { } delay)
        {
            var delayPath = ValidationContext.Join(path, "delay");
            Percentage(ctx, delay, delayPath, "percentage", delay.Percentage);
            if (delay.FixedDelay is { } fixedDelay)
            {
                Report(ctx, delay, delayPath, "fixedDelay", CommonRules.Duration(fixedDelay));
            }
            else if (delay.ExponentialDelay is { } exponential)
            {
                Report(ctx, delay, delayPath, "exponentialDelay", CommonRules.Duration(exponential));
                ctx.Error(delay, delayPath, "exponentialDelay", "exponentialDelay not supported yet");
            }
        }
    }

    private static void Percentage(ValidationContext ctx, ConfigElement owner, string path, string field, PercentConfig? percentage)
    {
        if (percentage is not null)
        {
            Report(ctx, owner, path, field, CommonRules.Percentage(percentage.Value ?? 0));
        }
    }

    /// <summary>Istio's HTTP status check: the message says 200-599 but 600 passes.</summary>
    private static string? HttpStatus(int status) =>
        status is < 200 or > 600 ? $"HTTP status {status} is not in range 200-599" : null;

    private static void ValidateMirrorPercent(ValidationContext ctx, HttpRouteConfig route, string path)
    {
        if (route.MirrorPercent is { } percent)
        {
            if (percent > 100)
            {
                ctx.Error(route, path, "mirrorPercent", $"mirror_percent must have a max value of 100 (it has {percent})");
            }

            ctx.Warning(route, path, "mirrorPercent", "using deprecated setting \"mirrorPercent\", use \"mirrorPercentage\" instead");
        }

        if (route.MirrorPercentage is { } percentage)
        {
            MirrorShare(ctx, route, path, "mirrorPercentage", "mirror_percentage", percentage.Value ?? 0);
        }
    }

    private static void MirrorShare(ValidationContext ctx, ConfigElement owner, string path, string field, string name, double value)
    {
        if (value > 100)
        {
            ctx.Error(owner, path, field, $"{name} must have a max value of 100 (it has {GoFormat.FloatFixed(value)})");
        }

        if (value < 0)
        {
            ctx.Error(owner, path, field, $"{name} must have a min value of 0 (it has {GoFormat.FloatFixed(value)})");
        }
    }

    private static void ValidateMirrors(ValidationContext ctx, HttpRouteConfig route, string path)
    {
        for (var i = 0; i < (route.Mirrors?.Count ?? 0); i++)
        {
            var mirror = route.Mirrors![i];
            var mirrorPath = ValidationContext.Index(ValidationContext.Join(path, "mirrors"), i);
            if (mirror is null)
            {
                ctx.Error(route, mirrorPath, null, "mirror cannot be null");
                continue;
            }

            if (mirror.Destination is null)
            {
                ctx.Error(mirror, mirrorPath, null, "destination is required for mirrors");
                continue;
            }

            ValidateDestination(ctx, mirror.Destination, ValidationContext.Join(mirrorPath, "destination"));
            if (mirror.Percentage is { } percentage)
            {
                MirrorShare(ctx, mirror, mirrorPath, "percentage", "mirror percentage", percentage.Value ?? 0);
            }
        }
    }

    /// <summary><c>validateDestination</c>: host (not <c>*</c>), subset name, port.</summary>
    public static void ValidateDestination(ValidationContext ctx, DestinationConfig destination, string path)
    {
        var host = destination.Host ?? string.Empty;
        Report(ctx, destination, path, "host", host == "*" ? $"invalid destination host {host}" : CommonRules.WildcardDomain(host));

        // Istio reads an empty subset as unset, so only a non-empty name is checked.
        if (!string.IsNullOrEmpty(destination.Subset) && !CommonRules.IsDns1123Label(destination.Subset))
        {
            ctx.Error(destination, path, "subset", $"subset name is invalid: {destination.Subset}");
        }

        if (destination.Port is { } port)
        {
            Report(ctx, port, ValidationContext.Join(path, "port"), "number", CommonRules.Port(port.Number ?? 0));
        }
    }

    private static void ValidateRedirect(ValidationContext ctx, HttpRedirectConfig? redirect, IReadOnlyList<HttpMatchRequestConfig>? matches, string path)
    {
        if (redirect is null)
        {
            return;
        }

        // Istio stops at the first redirect problem.
        if (!string.IsNullOrEmpty(redirect.Uri) && redirect.PrefixRewrite is not null)
        {
            ctx.Error(redirect, path, "prefixRewrite", "redirect may only specify one of uri or prefix_rewrite");
        }
        else if (redirect.PrefixRewrite is not null && matches is not null && matches.Any(m => m.Uri is { Prefix: null }))
        {
            ctx.Error(redirect, path, "prefixRewrite", "redirect prefix_rewrite requires all URI matches to use prefix match type");
        }
        else if (string.IsNullOrEmpty(redirect.Uri) && redirect.PrefixRewrite is null && string.IsNullOrEmpty(redirect.Authority)
            && redirect.Port is null && redirect.DerivePort is null && string.IsNullOrEmpty(redirect.Scheme))
        {
            ctx.Error(redirect, path, null, "redirect must specify URI, authority, scheme, or port");
        }
        else if (redirect.RedirectCode is { } code and not 0 and (< 300 or > 399))
        {
            ctx.Error(redirect, path, "redirectCode", $"{code} is not a valid redirect code, must be 3xx");
        }
        else if (!string.IsNullOrEmpty(redirect.Scheme) && redirect.Scheme is not ("http" or "https"))
        {
            ctx.Error(redirect, path, "scheme", "invalid redirect scheme, must be \"http\" or \"https\"");
        }
        else if (redirect.Port is { } port and > 0)
        {
            Report(ctx, redirect, path, "port", CommonRules.Port(port));
        }
    }

    private static void ValidateDirectResponse(ValidationContext ctx, HttpDirectResponseConfig? response, string path)
    {
        if (response is null)
        {
            return;
        }

        if (response.Body is { } body)
        {
            var bodyPath = ValidationContext.Join(path, "body");
            var (field, size) = body.Bytes is not null
                ? ("bytes", DecodedLength(ctx, body, bodyPath, body.Bytes))
                : ("string", Encoding.UTF8.GetByteCount(body.String ?? string.Empty));
            if (size > Mb)
            {
                ctx.Error(body, bodyPath, field, "large direct_responses may impact control plane performance, must be less than 1MB");
            }
            else if (size > 100 * Kb)
            {
                ctx.Warning(body, bodyPath, field, "large direct_responses may impact control plane performance");
            }
        }

        // Go converts the uint32 status to int32 before the range check.
        Report(ctx, response, path, "status", HttpStatus(unchecked((int)(response.Status ?? 0))));
    }

    /// <summary>The size Istio measures for <c>body.bytes</c>: the decoded bytes, not the base64 text.</summary>
    private static int DecodedLength(ValidationContext ctx, HttpBodyConfig body, string path, string base64)
    {
        var buffer = new byte[(base64.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return written;
        }

        // Istio's loader rejects such a body when decoding the proto bytes field.
        ctx.Error(body, path, "bytes", $"illegal base64 data in direct response body: {GoFormat.Quote(base64.Length > 32 ? base64[..32] + "..." : base64)}");
        return 0;
    }

    private static void ValidateRetries(ValidationContext ctx, HttpRetryConfig? retries, string path)
    {
        if (retries is null)
        {
            return;
        }

        var attempts = retries.Attempts ?? 0;
        if (attempts < 0)
        {
            ctx.Error(retries, path, "attempts", "attempts cannot be negative");
        }

        if (attempts == 0 && (retries.PerTryTimeout is not null || !string.IsNullOrEmpty(retries.RetryOn) || retries.RetryRemoteLocalities is not null))
        {
            ctx.Error(retries, path, "attempts", "http retry policy configured when attempts are set to 0 (disabled)");
        }

        if (retries.PerTryTimeout is { } perTry)
        {
            Report(ctx, retries, path, "perTryTimeout", CommonRules.Duration(perTry));
        }

        if (!string.IsNullOrEmpty(retries.RetryOn))
        {
            // Split without trimming, as Istio does: "5xx, reset" is invalid.
            foreach (var policy in retries.RetryOn.Split(','))
            {
                if (!RetryOnPolicies.Contains(policy) && !IsStandardStatus(policy))
                {
                    ctx.Error(retries, path, "retryOn", $"{GoFormat.Quote(policy)} is not a valid retryOn policy");
                }
            }
        }

        if (retries.Backoff is { } backoff)
        {
            Report(ctx, retries, path, "backoff", CommonRules.Duration(backoff));
        }
    }

    /// <summary>Go's <c>strconv.Atoi</c> (optional sign, decimal digits) followed by <c>http.StatusText</c>.</summary>
    private static bool IsStandardStatus(string token) =>
        int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) && StandardStatusCodes.Contains(code);

    private static void ValidateRewrite(ValidationContext ctx, HttpRewriteConfig? rewrite, string path)
    {
        if (rewrite is null)
        {
            return;
        }

        var hasUri = !string.IsNullOrEmpty(rewrite.Uri);
        if (hasUri && rewrite.UriRegexRewrite is not null)
        {
            ctx.Error(rewrite, path, "uriRegexRewrite", "rewrite may only contain one of URI or UriRegexRewrite");
        }
        else if (!hasUri && rewrite.UriRegexRewrite is null && string.IsNullOrEmpty(rewrite.Authority))
        {
            ctx.Error(rewrite, path, null, "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified");
        }
        else if (rewrite.UriRegexRewrite is { } regexRewrite)
        {
            var inner = string.IsNullOrEmpty(regexRewrite.Match) || string.IsNullOrEmpty(regexRewrite.Rewrite)
                ? "UriRegexRewrite requires both Rewrite and Match fields to be specified"
                : CommonRules.Regex("HTTPRewrite.UriRegexRewrite.Match", regexRewrite.Match);
            if (inner is not null)
            {
                // errors.Join in Istio: the two messages on separate lines.
                ctx.Error(regexRewrite, ValidationContext.Join(path, "uriRegexRewrite"), "match", $"UriRegexRewrite has errors\n{inner}");
            }
        }
    }

    /// <summary><c>validateAuthorityRewrite</c>: the authority may be set by rewrite, request.set or request.add, once.</summary>
    private static void ValidateAuthorityRewrite(ValidationContext ctx, HttpRouteConfig route, string path)
    {
        var request = route.Headers?.Request;
        if (request is null)
        {
            return;
        }

        var current = route.Rewrite?.Authority ?? string.Empty;
        foreach (var (field, map) in new[] { ("set", request.Set), ("add", request.Add) })
        {
            foreach (var (name, value) in map ?? EmptyHeaderValues)
            {
                if (!HttpHeaderRules.IsAuthority(name))
                {
                    continue;
                }

                if (current.Length > 0)
                {
                    ctx.Error(request, ValidationContext.Join(ValidationContext.Join(path, "headers"), "request"), field,
                        $"authority header cannot be set multiple times: have {GoFormat.Quote(current)}, attempting to set {GoFormat.Quote(value ?? string.Empty)}");
                    return;
                }

                current = value ?? string.Empty;
            }
        }
    }

    private static readonly EquatableDictionary<string> EmptyHeaderValues = new([]);

    private static void ValidateRouteDestinations(ValidationContext ctx, HttpRouteConfig route, string path)
    {
        if (route.Route is null)
        {
            return;
        }

        long totalWeight = 0;
        var routePath = ValidationContext.Join(path, "route");
        for (var i = 0; i < route.Route.Count; i++)
        {
            var destination = route.Route[i];
            var destinationPath = ValidationContext.Index(routePath, i);
            if (destination is null)
            {
                ctx.Error(route, destinationPath, null, "weight may not be nil");
                continue;
            }

            if (destination.Destination is null)
            {
                ctx.Error(destination, destinationPath, "destination", "destination is required");
            }

            HttpHeaderRules.ValidateHeaders(ctx, destination.Headers, ValidationContext.Join(destinationPath, "headers"));
            if (destination.Destination is not null)
            {
                ValidateDestination(ctx, destination.Destination, ValidationContext.Join(destinationPath, "destination"));
            }

            var weight = destination.Weight ?? 0;
            if (weight < 0)
            {
                ctx.Error(destination, destinationPath, "weight", $"weight {weight} < 0");
            }

            totalWeight += weight;
        }

        if (route.Route.Count > 1 && totalWeight == 0)
        {
            ctx.Error(route, path, "route", "total destination weight = 0");
        }
    }

    private static void Report(ValidationContext ctx, ConfigElement owner, string path, string? field, string? message)
    {
        if (message is not null)
        {
            ctx.Error(owner, path, field, message);
        }
    }
}
