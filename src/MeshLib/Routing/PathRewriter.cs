using System.Text;
using System.Text.RegularExpressions;

namespace MeshLib.Routing;

/// <summary>
/// Istio's <c>HTTPRewrite</c> as Envoy applies it before forwarding. <c>uri</c> becomes Envoy's
/// <c>prefix_rewrite</c>: it replaces the matched block's prefix (which is <c>/</c> when the block has no
/// <c>uri</c>), or the whole path after an exact or regex match. <c>uriRegexRewrite</c> becomes
/// <c>regex_rewrite</c>: every match of the (unanchored) pattern in the path is substituted, as RE2
/// <c>GlobalReplace</c>. The query is kept in both cases.
/// </summary>
internal sealed class PathRewriter
{
    private readonly Regex? _regex;
    private readonly string? _substitution;

    /// <summary>Creates a rewriter. <c>uri</c> and the regex pair are exclusive (Istio validation).</summary>
    /// <param name="uri">The <c>uri</c> replacement; empty or <see langword="null"/> for none (Istio ignores an empty one).</param>
    /// <param name="regexMatch"><c>uriRegexRewrite.match</c> (RE2).</param>
    /// <param name="regexRewrite"><c>uriRegexRewrite.rewrite</c>, with RE2 <c>\1</c> group references.</param>
    /// <param name="authority">The <c>authority</c> rewrite.</param>
    public PathRewriter(string? uri = null, string? regexMatch = null, string? regexRewrite = null, string? authority = null)
    {
        if (regexMatch is not null || regexRewrite is not null)
        {
            ArgumentNullException.ThrowIfNull(regexMatch);
            ArgumentNullException.ThrowIfNull(regexRewrite);
            if (!string.IsNullOrEmpty(uri))
            {
                throw new ArgumentException("uri and uriRegexRewrite cannot be combined.", nameof(uri));
            }

            _regex = new Regex(
                regexMatch.Replace("(?P<", "(?<", StringComparison.Ordinal),
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            _substitution = ToDotNetSubstitution(regexRewrite);
        }

        Uri = string.IsNullOrEmpty(uri) ? null : uri;
        Authority = string.IsNullOrEmpty(authority) ? null : authority;
    }

    /// <summary>The <c>uri</c> replacement, if any.</summary>
    public string? Uri { get; }

    /// <summary>The <c>authority</c> rewrite, if any.</summary>
    public string? Authority { get; }

    /// <summary>Whether the path changes (<c>uri</c> or <c>uriRegexRewrite</c>).</summary>
    public bool RewritesPath => Uri is not null || _regex is not null;

    /// <summary>The path and query to forward.</summary>
    /// <param name="request">The request.</param>
    /// <param name="matched">The block that selected the route (from <see cref="RouteSelector.Select(in RequestView, int, out RouteMatch?)"/>).</param>
    /// <returns>The new path and query; the original one when the path is not rewritten.</returns>
    public string Rewrite(in RequestView request, RouteMatch matched)
    {
        ArgumentNullException.ThrowIfNull(matched);
        if (_regex is not null)
        {
            var path = _regex.Replace(request.Path.ToString(), _substitution!);
            return string.Concat(path, request.QueryWithSeparator);
        }

        if (Uri is null)
        {
            return request.PathAndQuery;
        }

        var prefix = matched.RewritablePrefix;
        var path0 = request.Path;
        var rest = prefix is not null && path0.Length >= prefix.Length ? path0[prefix.Length..] : [];
        return string.Concat(Uri, rest, request.QueryWithSeparator);
    }

    /// <summary>
    /// Turns an RE2 rewrite string into a .NET substitution: <c>\N</c> → <c>${N}</c>, <c>\\</c> → <c>\</c>,
    /// and a literal <c>$</c> → <c>$$</c>.
    /// </summary>
    /// <param name="re2">The RE2 rewrite string.</param>
    /// <returns>The .NET replacement pattern.</returns>
    public static string ToDotNetSubstitution(string re2)
    {
        ArgumentNullException.ThrowIfNull(re2);
        var builder = new StringBuilder(re2.Length + 8);
        for (var i = 0; i < re2.Length; i++)
        {
            var c = re2[i];
            if (c == '\\' && i + 1 < re2.Length)
            {
                var next = re2[i + 1];
                if (char.IsAsciiDigit(next))
                {
                    builder.Append("${").Append(next).Append('}');
                    i++;
                    continue;
                }

                if (next == '\\')
                {
                    builder.Append('\\');
                    i++;
                    continue;
                }
            }

            if (c == '$')
            {
                builder.Append("$$");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
