namespace MeshLib.Routing;

/// <summary>
/// One <c>queryParams</c> entry, as Envoy's route <c>QueryParameterMatcher</c>: the request's query is split on
/// <c>&amp;</c> and <c>=</c> without percent-decoding (Envoy's route matching uses <c>parseQueryString</c>, not
/// <c>parseAndDecodeQueryString</c>, and never turns <c>+</c> into a space), names compare exactly, only the first
/// occurrence of a name counts, and <c>?key</c> has the value <c>""</c>. A missing parameter never matches.
/// </summary>
internal sealed class QueryParamMatcher
{
    /// <summary>Creates a query parameter matcher.</summary>
    /// <param name="name">The parameter name, compared raw and case-sensitively.</param>
    /// <param name="matcher">The value matcher; <see cref="StringMatcher.Presence"/> for the presence form.</param>
    public QueryParamMatcher(string name, StringMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(matcher);
        Name = name;
        Matcher = matcher;
    }

    /// <summary>The parameter name.</summary>
    public string Name { get; }

    /// <summary>The value matcher.</summary>
    public StringMatcher Matcher { get; }

    /// <summary>Whether the query satisfies this entry. Allocation-free.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Matches(in RequestView request) =>
        request.HasQuery && TryGetFirstValue(request.Query, Name, out var value) && Matcher.Matches(value);

    /// <summary>Finds the first value of <paramref name="name"/> in a raw query (without <c>?</c>).</summary>
    /// <param name="query">The raw query.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The raw value; empty for <c>?name</c> or <c>?name=</c>.</param>
    /// <returns>Whether the parameter occurs.</returns>
    public static bool TryGetFirstValue(ReadOnlySpan<char> query, string name, out ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(name);
        while (true)
        {
            var end = query.IndexOf('&');
            var parameter = end < 0 ? query : query[..end];
            var equals = parameter.IndexOf('=');
            var key = equals < 0 ? parameter : parameter[..equals];
            if (key.SequenceEqual(name))
            {
                value = equals < 0 ? ReadOnlySpan<char>.Empty : parameter[(equals + 1)..];
                return true;
            }

            if (end < 0)
            {
                value = default;
                return false;
            }

            query = query[(end + 1)..];
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"?{Name} {Matcher}";
}
