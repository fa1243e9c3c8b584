using MeshLib.Configuration.VirtualService;
using MeshLib.Routing;

namespace MeshLib.Model.Compilation;

/// <summary>Turns HTTPMatchRequest records into precompiled <see cref="RouteMatch"/>es.</summary>
internal static class MatchCompiler
{
    /// <summary>Compiles one match block.</summary>
    public static RouteMatch Compile(HttpMatchRequestConfig match)
    {
        var ignoreUriCase = match.IgnoreUriCase ?? false;
        return new RouteMatch(
            uri: ToMatcher(match.Uri, ignoreUriCase),
            scheme: ToMatcher(match.Scheme, ignoreCase: false),
            method: ToMatcher(match.Method, ignoreCase: false),
            authority: ToMatcher(match.Authority, ignoreCase: false),
            headers: Headers(match.Headers, invert: false),
            withoutHeaders: Headers(match.WithoutHeaders, invert: true),
            queryParams: match.QueryParams?.Select(q => new QueryParamMatcher(q.Key, ToMatcher(q.Value, false) ?? StringMatcher.Presence())).ToList(),
            port: match.Port is > 0 ? match.Port : null,
            name: match.Name);
    }

    private static List<HeaderMatcher>? Headers(IReadOnlyDictionary<string, StringMatchConfig>? headers, bool invert)
    {
        if (headers is null)
        {
            return null;
        }

        var list = new List<HeaderMatcher>();
        foreach (var (name, value) in headers)
        {
            // Istio ignores these keys under headers: they are matched by the dedicated fields.
            if (name is "uri" or "scheme" or "method" or "authority")
            {
                continue;
            }

            list.Add(new HeaderMatcher(name.ToLowerInvariant(), ToMatcher(value, false) ?? StringMatcher.Presence(), invert));
        }

        return list;
    }

    /// <summary>A StringMatch with none of exact/prefix/regex set is Istio's presence form.</summary>
    public static StringMatcher? ToMatcher(StringMatchConfig? config, bool ignoreCase) => config switch
    {
        null => null,
        { Exact: { } exact } => StringMatcher.Exact(exact, ignoreCase),
        { Prefix: { } prefix } => StringMatcher.Prefix(prefix, ignoreCase),
        { Regex: { } regex } => StringMatcher.Regex(regex),
        _ => StringMatcher.Presence(),
    };
}
