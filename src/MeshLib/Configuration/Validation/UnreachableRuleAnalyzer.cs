using MeshLib.Configuration.VirtualService;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's unreachable-rule analysis (<c>analyzeUnreachableHTTPRules</c> and its TCP/TLS twins): rules after a
/// catch-all, matches repeated from earlier rules, and URI prefix matches covered by an earlier one. All warnings.
/// </summary>
internal static class UnreachableRuleAnalyzer
{
    private const string ExactTag = "exact:";
    private const string PrefixTag = "prefix:";

    /// <summary>Analyzes the <c>http</c>, <c>tcp</c> and <c>tls</c> routes of <paramref name="spec"/>.</summary>
    /// <param name="ctx">The validation context.</param>
    /// <param name="spec">The VirtualService spec.</param>
    /// <param name="path">The spec's path.</param>
    public static void Analyze(ValidationContext ctx, VirtualServiceConfig spec, string path)
    {
        AnalyzeHttp(ctx, spec.Http, ValidationContext.Join(path, "http"));
        AnalyzeL4(ctx, spec.Tcp, ValidationContext.Join(path, "tcp"), r => r.Match, Normalize);
        AnalyzeL4(ctx, spec.Tls, ValidationContext.Join(path, "tls"), r => r.Match, Normalize);
    }

    /// <summary>How Istio names a rule: its quoted name, else <c>#index</c>.</summary>
    private static string RuleName(string? name, int index) =>
        string.IsNullOrEmpty(name) ? $"#{index}" : GoFormat.Quote(name);

    private static void Unused(ValidationContext ctx, ConfigElement rule, string rulePath, string ruleName, string reason) =>
        ctx.Warning(rule, rulePath, null, $"virtualService rule {ruleName} not used ({reason})");

    private static void Ineffective(ValidationContext ctx, ConfigElement match, string matchPath, string ruleName, string matchName, string previous) =>
        ctx.Warning(match, matchPath, null, $"virtualService rule {ruleName} match {matchName} is not used (duplicate/overlapping match in rule {previous})");

    private static void AnalyzeHttp(ValidationContext ctx, EquatableList<HttpRouteConfig>? routes, string path)
    {
        if (routes is null)
        {
            return;
        }

        var encountered = new Dictionary<HttpMatchRequestConfig, int>();
        var emptyMatchSeen = false;
        var prefixMatches = new List<PrefixMatch>();
        for (var rule = 0; rule < routes.Count; rule++)
        {
            var route = routes[rule];
            if (route is null)
            {
                continue;
            }

            var rulePath = ValidationContext.Index(path, rule);
            var ruleName = RuleName(route.Name, rule);
            if (route.Match is not { Count: > 0 })
            {
                if (emptyMatchSeen)
                {
                    Unused(ctx, route, rulePath, ruleName, "only the last rule can have no matches");
                }

                emptyMatchSeen = true;
                continue;
            }

            var duplicates = 0;
            for (var m = 0; m < route.Match.Count; m++)
            {
                var match = route.Match[m];
                if (emptyMatchSeen)
                {
                    // Istio reports this once per match of the rule.
                    Unused(ctx, route, rulePath, ruleName, "route without matches defined before");
                    continue;
                }

                var key = Normalize(match);
                var matchPath = ValidationContext.Index(ValidationContext.Join(rulePath, "match"), m);
                if (encountered.TryGetValue(key, out var previous))
                {
                    Ineffective(ctx, (ConfigElement?)match ?? route, matchPath, ruleName, RuleName(match?.Name, m), RuleName(routes[previous]?.Name, previous));
                    duplicates++;
                    continue;
                }

                encountered[key] = rule;
                if (match?.Uri?.Prefix is { Length: > 0 } prefix)
                {
                    prefixMatches.Add(new PrefixMatch(match, matchPath, ruleName, RuleName(match.Name, m), prefix));
                }
            }

            if (duplicates == route.Match.Count)
            {
                Unused(ctx, route, rulePath, ruleName, "all matches used by prior rules");
            }
        }

        for (var a = 0; a < prefixMatches.Count; a++)
        {
            for (var b = a + 1; b < prefixMatches.Count; b++)
            {
                var earlier = prefixMatches[a];
                var later = prefixMatches[b];
                if (later.Prefix != earlier.Prefix && Covers(earlier, later))
                {
                    Ineffective(ctx, later.Match, later.Path, later.RuleName,
                        $"{later.MatchName} of prefix {later.Prefix}",
                        $"{earlier.MatchName} of prefix {earlier.Prefix} on {earlier.RuleName}");
                }
            }
        }
    }

    private static void AnalyzeL4<TRoute, TMatch>(
        ValidationContext ctx,
        IReadOnlyList<TRoute>? routes,
        string path,
        Func<TRoute, IReadOnlyList<TMatch>?> matchesOf,
        Func<TMatch?, TMatch?> normalize)
        where TRoute : ConfigElement
        where TMatch : ConfigElement
    {
        if (routes is null)
        {
            return;
        }

        var encountered = new Dictionary<TMatch, int>();
        var emptyMatchSeen = false;
        for (var rule = 0; rule < routes.Count; rule++)
        {
            var route = routes[rule];
            if (route is null)
            {
                continue;
            }

            var rulePath = ValidationContext.Index(path, rule);
            var ruleName = RuleName(null, rule);
            var matches = matchesOf(route);
            if (matches is not { Count: > 0 })
            {
                if (emptyMatchSeen)
                {
                    Unused(ctx, route, rulePath, ruleName, "only the last rule can have no matches");
                }

                emptyMatchSeen = true;
                continue;
            }

            var duplicates = 0;
            for (var m = 0; m < matches.Count; m++)
            {
                if (emptyMatchSeen)
                {
                    Unused(ctx, route, rulePath, ruleName, "route without matches defined before");
                    continue;
                }

                var key = normalize(matches[m]);
                if (key is null)
                {
                    continue;
                }

                if (encountered.TryGetValue(key, out var previous))
                {
                    var matchPath = ValidationContext.Index(ValidationContext.Join(rulePath, "match"), m);
                    Ineffective(ctx, matches[m], matchPath, ruleName, RuleName(null, m), RuleName(null, previous));
                    duplicates++;
                }
                else
                {
                    encountered[key] = rule;
                }
            }

            if (duplicates == matches.Count)
            {
                Unused(ctx, route, rulePath, ruleName, "all matches used by prior rules");
            }
        }
    }

    /// <summary>
    /// The comparison key Istio gets from the JSON form of a match: the name is dropped, and values JSON omits
    /// (zero port, false, empty strings and collections) count as unset.
    /// </summary>
    private static HttpMatchRequestConfig Normalize(HttpMatchRequestConfig? match) =>
        match is null ? new HttpMatchRequestConfig() : match with
        {
            Name = null,
            Source = null,
            FieldSources = null,
            Uri = Normalize(match.Uri),
            Scheme = Normalize(match.Scheme),
            Method = Normalize(match.Method),
            Authority = Normalize(match.Authority),
            Headers = NullIfEmpty(match.Headers),
            Port = match.Port is 0 ? null : match.Port,
            SourceLabels = NullIfEmpty(match.SourceLabels),
            Gateways = NullIfEmpty(match.Gateways),
            QueryParams = NullIfEmpty(match.QueryParams),
            IgnoreUriCase = match.IgnoreUriCase is false ? null : match.IgnoreUriCase,
            WithoutHeaders = NullIfEmpty(match.WithoutHeaders),
            SourceNamespace = NullIfEmpty(match.SourceNamespace),
            StatPrefix = NullIfEmpty(match.StatPrefix),
        };

    private static StringMatchConfig? Normalize(StringMatchConfig? match) =>
        match is null ? null : match with { Source = null, FieldSources = null };

    private static L4MatchAttributesConfig? Normalize(L4MatchAttributesConfig? match) =>
        match is null ? null : match with
        {
            DestinationSubnets = NullIfEmpty(match.DestinationSubnets),
            Port = match.Port is 0 ? null : match.Port,
            SourceSubnet = NullIfEmpty(match.SourceSubnet),
            SourceLabels = NullIfEmpty(match.SourceLabels),
            Gateways = NullIfEmpty(match.Gateways),
            SourceNamespace = NullIfEmpty(match.SourceNamespace),
        };

    private static TlsMatchAttributesConfig? Normalize(TlsMatchAttributesConfig? match) =>
        match is null ? null : match with
        {
            SniHosts = NullIfEmpty(match.SniHosts),
            DestinationSubnets = NullIfEmpty(match.DestinationSubnets),
            Port = match.Port is 0 ? null : match.Port,
            SourceLabels = NullIfEmpty(match.SourceLabels),
            Gateways = NullIfEmpty(match.Gateways),
            SourceNamespace = NullIfEmpty(match.SourceNamespace),
        };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static EquatableList<T>? NullIfEmpty<T>(EquatableList<T>? value) => value is { Count: > 0 } ? value : null;

    private static EquatableDictionary<T>? NullIfEmpty<T>(EquatableDictionary<T>? value) => value is { Count: > 0 } ? value : null;

    /// <summary>A URI prefix match with the fields Istio compares for overlap (<c>OverlappingMatchValidationForHTTPRoute</c>).</summary>
    private sealed class PrefixMatch(HttpMatchRequestConfig match, string path, string ruleName, string matchName, string prefix)
    {
        public HttpMatchRequestConfig Match { get; } = match;

        public string Path { get; } = path;

        public string RuleName { get; } = ruleName;

        public string MatchName { get; } = matchName;

        public string Prefix { get; } = prefix;

        public uint Port { get; } = match.Port ?? 0;

        // Without a method match Istio assumes GET.
        public string Method { get; } = Tag(match.Method) is { Length: > 0 } method ? method : ExactTag + "GET";

        public string Authority { get; } = Tag(match.Authority);

        public Dictionary<string, string> Headers { get; } = Tags(match.Headers);

        public Dictionary<string, string> QueryParams { get; } = Tags(match.QueryParams);

        public Dictionary<string, string> WithoutHeaders { get; } = Tags(match.WithoutHeaders);
    }

    private static string Tag(StringMatchConfig? match) =>
        !string.IsNullOrEmpty(match?.Exact) ? ExactTag + match.Exact
        : !string.IsNullOrEmpty(match?.Prefix) ? PrefixTag + match.Prefix
        : string.Empty;

    private static Dictionary<string, string> Tags(EquatableDictionary<StringMatchConfig>? map) =>
        (map ?? new EquatableDictionary<StringMatchConfig>([])).ToDictionary(e => e.Key, e => Tag(e.Value), StringComparer.Ordinal);

    /// <summary>Istio's <c>coveredValidation</c>: whether the earlier prefix match <paramref name="a"/> covers <paramref name="b"/>.</summary>
    private static bool Covers(PrefixMatch a, PrefixMatch b) =>
        b.Prefix.StartsWith(a.Prefix, StringComparison.Ordinal)
        && a.Port == b.Port
        && TagCovers(a.Method, b.Method)
        && TagCovers(a.Authority, b.Authority)
        && MapCovers(a.Headers, b.Headers)
        && MapCovers(a.QueryParams, b.QueryParams)
        && MapCovers(a.WithoutHeaders, b.WithoutHeaders);

    // Istio compares the tagged strings ("exact:GET", "prefix:/a") by string prefix, in this direction.
    private static bool TagCovers(string a, string b) => a == b || a.StartsWith(b, StringComparison.Ordinal);

    private static bool MapCovers(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && TagCovers(e.Value, other));
}
