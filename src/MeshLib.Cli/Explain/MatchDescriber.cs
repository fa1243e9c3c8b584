using System.Globalization;
using MeshLib.Routing;

namespace MeshLib.Cli.Explain;

/// <summary>
/// Describes a compiled match block as text and evaluates each of its conditions with the router's own matchers
/// (<see cref="StringMatcher"/>, <see cref="HeaderMatcher"/>, <see cref="QueryParamMatcher"/>), so that a 404 can say
/// which condition failed. Whether a block matches as a whole is <see cref="RouteMatch.Matches"/>'s answer.
/// </summary>
internal static class MatchDescriber
{
    /// <summary>What a route without match blocks matches.</summary>
    public const string AnyRequest = "any request";

    /// <summary>Describes and evaluates <paramref name="block"/> for <paramref name="request"/>.</summary>
    /// <param name="block">The match block.</param>
    /// <param name="index">Its position in the route, or null for a route without blocks.</param>
    /// <param name="request">The request.</param>
    /// <param name="destinationPort">The port the request is for.</param>
    /// <returns>The block, its conditions and their results.</returns>
    public static MatchInfo Describe(RouteMatch block, int? index, in RequestView request, int destinationPort)
    {
        var conditions = Conditions(block, in request, destinationPort);
        var description = conditions.Count == 0 ? AnyRequest : string.Join(" and ", conditions.Select(c => c.Description));
        return new MatchInfo(index, block.Name, description, block.Matches(in request, destinationPort), conditions);
    }

    private static List<ConditionInfo> Conditions(RouteMatch block, in RequestView request, int destinationPort)
    {
        var conditions = new List<ConditionInfo>();
        if (block.Uri is { } uri)
        {
            var path = request.Path.ToString();
            conditions.Add(new ConditionInfo("uri", "uri " + Matcher(uri), uri.Matches(path), path));
        }

        if (block.Scheme is { } scheme)
        {
            conditions.Add(new ConditionInfo("scheme", "scheme " + Matcher(scheme), scheme.Matches(request.Scheme), request.Scheme));
        }

        if (block.Method is { } method)
        {
            conditions.Add(new ConditionInfo("method", "method " + Matcher(method), method.Matches(request.Method), request.Method));
        }

        if (block.Authority is { } authority)
        {
            conditions.Add(new ConditionInfo("authority", "authority " + Matcher(authority), authority.Matches(request.Authority), request.Authority));
        }

        foreach (var header in block.Headers)
        {
            var field = header.Invert ? "withoutHeaders" : "headers";
            var actual = request.TryGetHeader(header.Name, out var value) ? value.ToString() : null;
            conditions.Add(new ConditionInfo(field, $"{field} {header.Name} {Matcher(header.Matcher)}", header.Matches(in request), actual));
        }

        foreach (var query in block.QueryParams)
        {
            var actual = request.HasQuery && QueryParamMatcher.TryGetFirstValue(request.Query, query.Name, out var value) ? value.ToString() : null;
            conditions.Add(new ConditionInfo("queryParams", $"queryParams {query.Name} {Matcher(query.Matcher)}", query.Matches(in request), actual));
        }

        if (block.Port is { } port)
        {
            conditions.Add(new ConditionInfo(
                "port",
                "port " + port.ToString(CultureInfo.InvariantCulture),
                port == (uint)destinationPort,
                destinationPort.ToString(CultureInfo.InvariantCulture)));
        }

        return conditions;
    }

    /// <summary>A matcher as <c>exact "jason"</c>, <c>prefix "/api" (ignore case)</c>, <c>regex "v[12]"</c> or <c>present</c>.</summary>
    /// <param name="matcher">The matcher.</param>
    /// <returns>The text.</returns>
    public static string Matcher(StringMatcher matcher)
    {
        var kind = matcher.Kind switch
        {
            StringMatchKind.Exact => "exact",
            StringMatchKind.Prefix => "prefix",
            StringMatchKind.Regex => "regex",
            _ => null,
        };
        if (kind is null)
        {
            return "present";
        }

        var text = $"{kind} {Quote(matcher.Value)}";
        return matcher.IgnoreCase ? text + " (ignore case)" : text;
    }

    /// <summary>Quotes a value for display, escaping quotes and backslashes.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The quoted value.</returns>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
