namespace MeshLib.Routing;

/// <summary>
/// One compiled <c>HTTPMatchRequest</c>: every condition that is set must hold (AND). <c>sourceLabels</c>,
/// <c>sourceNamespace</c> and <c>gateways</c> are not here: they choose which workloads get the rule
/// (see <see cref="AppliesTo"/>), not which requests match.
/// </summary>
internal sealed class RouteMatch
{
    private readonly HeaderMatcher[] _headers;
    private readonly QueryParamMatcher[] _queryParams;

    /// <summary>Creates a match block.</summary>
    /// <param name="uri">Path matcher (path without query); build exact/prefix with <c>ignoreUriCase</c> as the ignore-case flag.</param>
    /// <param name="scheme">Matcher on <c>:scheme</c>.</param>
    /// <param name="method">Matcher on <c>:method</c> (case-sensitive).</param>
    /// <param name="authority">Matcher on <c>:authority</c>, the Host header as sent, port included (Envoy matches the header as is).</param>
    /// <param name="headers">The <c>headers</c> entries (not inverted).</param>
    /// <param name="withoutHeaders">The <c>withoutHeaders</c> entries (inverted).</param>
    /// <param name="queryParams">The <c>queryParams</c> entries.</param>
    /// <param name="port">The <c>port</c>: the block applies only to requests for this destination port.</param>
    /// <param name="name">The match <c>name</c>, for diagnostics.</param>
    public RouteMatch(
        StringMatcher? uri = null,
        StringMatcher? scheme = null,
        StringMatcher? method = null,
        StringMatcher? authority = null,
        IReadOnlyList<HeaderMatcher>? headers = null,
        IReadOnlyList<HeaderMatcher>? withoutHeaders = null,
        IReadOnlyList<QueryParamMatcher>? queryParams = null,
        uint? port = null,
        string? name = null)
    {
        Uri = uri;
        Scheme = scheme;
        Method = method;
        Authority = authority;
        Port = port is 0 ? null : port;
        Name = name;

        var all = new List<HeaderMatcher>((headers?.Count ?? 0) + (withoutHeaders?.Count ?? 0));
        if (headers is not null)
        {
            foreach (var header in headers)
            {
                ArgumentNullException.ThrowIfNull(header, nameof(headers));
                if (header.Invert)
                {
                    throw new ArgumentException($"'{header.Name}' is inverted; pass it in withoutHeaders.", nameof(headers));
                }

                all.Add(header);
            }
        }

        if (withoutHeaders is not null)
        {
            foreach (var header in withoutHeaders)
            {
                ArgumentNullException.ThrowIfNull(header, nameof(withoutHeaders));
                if (!header.Invert)
                {
                    throw new ArgumentException($"'{header.Name}' is not inverted; pass it in headers.", nameof(withoutHeaders));
                }

                all.Add(header);
            }
        }

        _headers = [.. all];
        _queryParams = queryParams is null ? [] : [.. queryParams];
    }

    /// <summary>A block with no conditions: what a route without <c>match</c> uses (Istio's <c>prefix: /</c>).</summary>
    public static RouteMatch Any { get; } = new();

    /// <summary>The path matcher, if any. <see langword="null"/> means Envoy's default <c>prefix: /</c>.</summary>
    public StringMatcher? Uri { get; }

    /// <summary>The <c>:scheme</c> matcher, if any.</summary>
    public StringMatcher? Scheme { get; }

    /// <summary>The <c>:method</c> matcher, if any.</summary>
    public StringMatcher? Method { get; }

    /// <summary>The <c>:authority</c> matcher, if any.</summary>
    public StringMatcher? Authority { get; }

    /// <summary>The header entries, <c>headers</c> then <c>withoutHeaders</c>.</summary>
    public IReadOnlyList<HeaderMatcher> Headers => _headers;

    /// <summary>The query parameter entries.</summary>
    public IReadOnlyList<QueryParamMatcher> QueryParams => _queryParams;

    /// <summary>The destination port the block is limited to, if any (<c>0</c> means unset, as in Istio).</summary>
    public uint? Port { get; }

    /// <summary>The match name, if any.</summary>
    public string? Name { get; }

    /// <summary>
    /// The prefix Envoy's <c>prefix_rewrite</c> replaces: the <c>uri</c> prefix, or <c>/</c> when the block has no
    /// <c>uri</c> (Istio emits <c>prefix: /</c> then). <see langword="null"/> for exact and regex, where the whole
    /// path is replaced.
    /// </summary>
    public string? RewritablePrefix => Uri?.Kind switch
    {
        null or StringMatchKind.Presence => "/",
        StringMatchKind.Prefix => Uri.Value,
        _ => null,
    };

    /// <summary>Whether every condition holds. Allocation-free for single-valued headers.</summary>
    /// <param name="request">The request.</param>
    /// <param name="destinationPort">The port the request is for (Istio's listener port).</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Matches(in RequestView request, int destinationPort)
    {
        if (Port is { } port && port != (uint)destinationPort)
        {
            return false;
        }

        if ((Method is not null && !Method.Matches(request.Method))
            || (Scheme is not null && !Scheme.Matches(request.Scheme))
            || (Uri is not null && !Uri.Matches(request.Path))
            || (Authority is not null && !Authority.Matches(request.Authority)))
        {
            return false;
        }

        foreach (var header in _headers)
        {
            if (!header.Matches(in request))
            {
                return false;
            }
        }

        foreach (var query in _queryParams)
        {
            if (!query.Matches(in request))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a match block with these selectors applies to a client workload (Istio's <c>sourceMatchHTTP</c>):
    /// every source label is on the workload and the namespace, when given, is the workload's. A match whose
    /// selectors fail is dropped from that workload's routes at compile time.
    /// </summary>
    /// <param name="sourceLabels">The block's <c>sourceLabels</c>.</param>
    /// <param name="sourceNamespace">The block's <c>sourceNamespace</c>.</param>
    /// <param name="workloadLabels">The client workload's labels.</param>
    /// <param name="workloadNamespace">The client workload's namespace.</param>
    /// <returns>Whether the block applies.</returns>
    public static bool AppliesTo(
        IReadOnlyDictionary<string, string>? sourceLabels,
        string? sourceNamespace,
        IReadOnlyDictionary<string, string> workloadLabels,
        string workloadNamespace)
    {
        ArgumentNullException.ThrowIfNull(workloadLabels);
        if (sourceLabels is not null)
        {
            foreach (var (key, value) in sourceLabels)
            {
                if (!workloadLabels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return string.IsNullOrEmpty(sourceNamespace) || string.Equals(sourceNamespace, workloadNamespace, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public override string ToString() => Name ?? (Uri is null ? "match" : $"uri {Uri}");
}
