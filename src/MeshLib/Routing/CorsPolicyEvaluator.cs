using System.Globalization;
using System.Net;

namespace MeshLib.Routing;

/// <summary>
/// Istio's <c>CorsPolicy</c> as Envoy's CORS filter applies it (istio-api.md §13). A request is a CORS request
/// when it has a non-empty <c>Origin</c>; an origin is allowed when any <c>allowOrigins</c> matcher accepts it or
/// accepts the literal <c>*</c>. A preflight is <c>OPTIONS</c> with a non-empty
/// <c>Access-Control-Request-Method</c>: Envoy answers it with 200 and the configured allow-* headers (whether
/// or not the requested method is listed). A preflight from an origin that is not allowed is forwarded upstream,
/// or with <c>unmatchedPreflights: IGNORE</c> answered 200 without <c>Access-Control-Allow-Origin</c>. Other
/// responses to an allowed origin get <c>Access-Control-Allow-Origin</c> (the request's origin), credentials and
/// expose headers.
/// </summary>
internal sealed class CorsPolicyEvaluator
{
    private const string OriginHeader = "Origin";
    private const string RequestMethodHeader = "Access-Control-Request-Method";
    private const string RequestHeadersHeader = "Access-Control-Request-Headers";

    private readonly StringMatcher[] _allowOrigins;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="allowOrigins">The <c>allowOrigins</c> matchers (the deprecated <c>allowOrigin</c> as exact matchers).</param>
    /// <param name="allowMethods">The <c>allowMethods</c>.</param>
    /// <param name="allowHeaders">The <c>allowHeaders</c>.</param>
    /// <param name="exposeHeaders">The <c>exposeHeaders</c>.</param>
    /// <param name="maxAgeSeconds"><c>maxAge</c> in whole seconds.</param>
    /// <param name="allowCredentials"><c>allowCredentials</c>.</param>
    /// <param name="forwardUnmatchedPreflights"><see langword="false"/> for <c>unmatchedPreflights: IGNORE</c>.</param>
    public CorsPolicyEvaluator(
        IReadOnlyList<StringMatcher>? allowOrigins,
        IReadOnlyList<string>? allowMethods = null,
        IReadOnlyList<string>? allowHeaders = null,
        IReadOnlyList<string>? exposeHeaders = null,
        long? maxAgeSeconds = null,
        bool? allowCredentials = null,
        bool forwardUnmatchedPreflights = true)
    {
        _allowOrigins = allowOrigins is null ? [] : [.. allowOrigins];

        // Istio joins the lists with "," and no spaces.
        AllowMethods = allowMethods is { Count: > 0 } ? string.Join(',', allowMethods) : null;
        AllowHeaders = allowHeaders is { Count: > 0 } ? string.Join(',', allowHeaders) : null;
        ExposeHeaders = exposeHeaders is { Count: > 0 } ? string.Join(',', exposeHeaders) : null;
        MaxAge = maxAgeSeconds?.ToString(CultureInfo.InvariantCulture);
        AllowCredentials = allowCredentials == true;
        ForwardUnmatchedPreflights = forwardUnmatchedPreflights;
    }

    /// <summary><c>Access-Control-Allow-Methods</c>, if configured.</summary>
    public string? AllowMethods { get; }

    /// <summary><c>Access-Control-Allow-Headers</c>, if configured.</summary>
    public string? AllowHeaders { get; }

    /// <summary><c>Access-Control-Expose-Headers</c>, if configured.</summary>
    public string? ExposeHeaders { get; }

    /// <summary><c>Access-Control-Max-Age</c>, if configured.</summary>
    public string? MaxAge { get; }

    /// <summary>Whether <c>Access-Control-Allow-Credentials: true</c> is sent.</summary>
    public bool AllowCredentials { get; }

    /// <summary>Whether a preflight from an unmatched origin goes upstream.</summary>
    public bool ForwardUnmatchedPreflights { get; }

    /// <summary>Whether an origin is allowed (a matcher that accepts <c>*</c> allows every origin, as in Envoy).</summary>
    /// <param name="origin">The request's <c>Origin</c>.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public bool IsOriginAllowed(ReadOnlySpan<char> origin)
    {
        foreach (var matcher in _allowOrigins)
        {
            if (matcher.Matches("*") || matcher.Matches(origin))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The local answer to a preflight, or <see langword="null"/> when the request goes on (not CORS, not a
    /// preflight, or an unmatched preflight that is forwarded).
    /// </summary>
    /// <param name="request">The incoming request.</param>
    /// <returns>A 200 response carrying the CORS headers, or <see langword="null"/>.</returns>
    public HttpResponseMessage? TryAnswerPreflight(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = Header(request, OriginHeader);
        if (string.IsNullOrEmpty(origin) || request.Method != HttpMethod.Options)
        {
            return null;
        }

        var requestMethod = Header(request, RequestMethodHeader);
        if (string.IsNullOrEmpty(requestMethod))
        {
            return null;
        }

        var allowed = IsOriginAllowed(origin);
        if (!allowed && ForwardUnmatchedPreflights)
        {
            return null;
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
        var headers = response.Headers;
        if (allowed)
        {
            headers.TryAddWithoutValidation("Access-Control-Allow-Origin", origin);
        }

        if (AllowCredentials)
        {
            headers.TryAddWithoutValidation("Access-Control-Allow-Credentials", "true");
        }

        if (AllowMethods is not null)
        {
            // "*" echoes the requested method, as Envoy does.
            headers.TryAddWithoutValidation("Access-Control-Allow-Methods", AllowMethods == "*" ? requestMethod : AllowMethods);
        }

        if (AllowHeaders is not null)
        {
            var value = AllowHeaders == "*" ? Header(request, RequestHeadersHeader) : AllowHeaders;
            if (!string.IsNullOrEmpty(value))
            {
                headers.TryAddWithoutValidation("Access-Control-Allow-Headers", value);
            }
        }

        if (MaxAge is not null)
        {
            headers.TryAddWithoutValidation("Access-Control-Max-Age", MaxAge);
        }

        return response;
    }

    /// <summary>
    /// Adds the CORS headers to a response for <paramref name="request"/> when its origin is allowed; leaves the
    /// response untouched otherwise.
    /// </summary>
    /// <param name="request">The request the response answers.</param>
    /// <param name="response">The response to change.</param>
    /// <returns>Whether headers were added.</returns>
    public bool ApplyToResponse(HttpRequestMessage request, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var origin = Header(request, OriginHeader);
        if (string.IsNullOrEmpty(origin) || !IsOriginAllowed(origin))
        {
            return false;
        }

        var headers = response.Headers;
        headers.Remove("Access-Control-Allow-Origin");
        headers.TryAddWithoutValidation("Access-Control-Allow-Origin", origin);
        if (AllowCredentials)
        {
            headers.Remove("Access-Control-Allow-Credentials");
            headers.TryAddWithoutValidation("Access-Control-Allow-Credentials", "true");
        }

        if (ExposeHeaders is not null)
        {
            headers.Remove("Access-Control-Expose-Headers");
            headers.TryAddWithoutValidation("Access-Control-Expose-Headers", ExposeHeaders);
        }

        return true;
    }

    private static string? Header(HttpRequestMessage request, string name)
    {
        if (!request.Headers.NonValidated.TryGetValues(name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? values.ToString() : string.Join(',', values);
    }
}
