namespace MeshLib.Routing;

/// <summary>
/// One entry of Istio's <c>headers</c> (or, inverted, <c>withoutHeaders</c>), with the Envoy
/// <c>HeaderMatcher</c> semantics Istio generates (route.go <c>TranslateRouteMatch</c>,
/// Envoy <c>HeaderUtility::matchHeaders</c>):
/// <list type="bullet">
/// <item><c>headers</c>: an absent header never matches, whatever the form.</item>
/// <item><c>withoutHeaders</c>, presence form: an absent header passes.</item>
/// <item><c>withoutHeaders</c>, other forms: Istio sets <c>treat_missing_header_as_empty</c>, so an absent header is
/// matched as <c>""</c> and then inverted (<c>exact: jason</c> passes, <c>regex: ".*"</c> never passes).</item>
/// </list>
/// Names are case-insensitive, values case-sensitive.
/// </summary>
internal sealed class HeaderMatcher
{
    /// <summary>Creates a header matcher.</summary>
    /// <param name="name">The header name (lowercase in Istio) or a pseudo-header such as <c>:method</c>.</param>
    /// <param name="matcher">The value matcher.</param>
    /// <param name="invert">Whether this is a <c>withoutHeaders</c> entry.</param>
    public HeaderMatcher(string name, StringMatcher matcher, bool invert = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(matcher);
        Name = name;
        Matcher = matcher;
        Invert = invert;
    }

    /// <summary>The header name.</summary>
    public string Name { get; }

    /// <summary>The value matcher.</summary>
    public StringMatcher Matcher { get; }

    /// <summary>Whether the result is inverted (<c>withoutHeaders</c>).</summary>
    public bool Invert { get; }

    /// <summary>Whether the request passes this entry. Allocation-free for single-valued headers.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when the entry is satisfied.</returns>
    public bool Matches(in RequestView request)
    {
        if (!request.TryGetHeader(Name, out var value))
        {
            if (Matcher.Kind == StringMatchKind.Presence || !Invert)
            {
                // Present match (or no treat-missing-as-empty): absent fails headers, passes withoutHeaders.
                return Invert;
            }

            value = ReadOnlySpan<char>.Empty;
        }

        return Matcher.Matches(value) != Invert;
    }

    /// <inheritdoc/>
    public override string ToString() => Invert ? $"{Name} not {Matcher}" : $"{Name} {Matcher}";
}
