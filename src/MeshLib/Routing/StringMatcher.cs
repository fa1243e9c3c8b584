using System.Text.RegularExpressions;
using MeshLib.Configuration.Validation;

namespace MeshLib.Routing;

/// <summary>
/// A compiled Istio <c>StringMatch</c>. Immutable and allocation-free to evaluate. The caller decides what an
/// absent value means (see <see cref="HeaderMatcher"/>, <see cref="QueryParamMatcher"/>); <see cref="Matches"/>
/// only judges a value that is there.
/// </summary>
internal sealed class StringMatcher
{
    private static readonly StringMatcher PresenceInstance = new(StringMatchKind.Presence, string.Empty, ignoreCase: false, regex: null);

    private readonly System.Text.RegularExpressions.Regex? _regex;

    private StringMatcher(StringMatchKind kind, string value, bool ignoreCase, System.Text.RegularExpressions.Regex? regex)
    {
        Kind = kind;
        Value = value;
        IgnoreCase = ignoreCase;
        _regex = regex;
        RequiredPrefix = kind switch
        {
            StringMatchKind.Exact or StringMatchKind.Prefix => value,
            StringMatchKind.Regex => RegexLiteralPrefix.Of(value),
            _ => string.Empty,
        };
    }

    /// <summary>The match kind.</summary>
    public StringMatchKind Kind { get; }

    /// <summary>The literal (exact, prefix), the pattern as written (regex), or empty (presence).</summary>
    public string Value { get; }

    /// <summary>Whether exact and prefix compare ignoring case (Istio's <c>ignoreUriCase</c>).</summary>
    public bool IgnoreCase { get; }

    /// <summary>
    /// What every matching value starts with (compared ignoring case when <see cref="IgnoreCase"/>): the literal of
    /// exact and prefix, the literal start of a regex (see <see cref="RegexLiteralPrefix"/>), empty for presence.
    /// </summary>
    public string RequiredPrefix { get; }

    /// <summary>An exact match.</summary>
    /// <param name="value">The literal.</param>
    /// <param name="ignoreCase">Compare ignoring case (only <c>uri</c> with <c>ignoreUriCase</c>).</param>
    /// <returns>The matcher.</returns>
    public static StringMatcher Exact(string value, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new StringMatcher(StringMatchKind.Exact, value, ignoreCase, regex: null);
    }

    /// <summary>A plain string prefix match (no path-segment semantics; <c>/foo</c> matches <c>/foobar</c>).</summary>
    /// <param name="value">The prefix.</param>
    /// <param name="ignoreCase">Compare ignoring case (only <c>uri</c> with <c>ignoreUriCase</c>).</param>
    /// <returns>The matcher.</returns>
    public static StringMatcher Prefix(string value, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new StringMatcher(StringMatchKind.Prefix, value, ignoreCase, regex: null);
    }

    /// <summary>
    /// An RE2 regex that must match the whole value, as Envoy's <c>safe_regex</c>. <c>ignoreUriCase</c> does not
    /// apply (Envoy ignores <c>case_sensitive</c> for regex); use <c>(?i)</c>. The pattern <c>*</c> is Istio's
    /// presence form, so it yields <see cref="Presence"/>.
    /// </summary>
    /// <param name="pattern">The RE2 pattern.</param>
    /// <returns>The matcher.</returns>
    public static StringMatcher Regex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern == "*")
        {
            return PresenceInstance;
        }

        return new StringMatcher(StringMatchKind.Regex, pattern, ignoreCase: false, CommonRules.CompileRe2(pattern, RegexOptions.None));
    }

    /// <summary>The presence form (<c>{}</c> or <c>regex: "*"</c>): any value, including empty, matches.</summary>
    /// <returns>The shared presence matcher.</returns>
    public static StringMatcher Presence() => PresenceInstance;

    /// <summary>Whether a present value matches. Allocation-free.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Matches(ReadOnlySpan<char> value) => Kind switch
    {
        StringMatchKind.Exact => value.Equals(Value, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
        StringMatchKind.Prefix => value.StartsWith(Value, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
        // The literal prefix rejects most values before the regex engine runs.
        StringMatchKind.Regex => value.StartsWith(RequiredPrefix, StringComparison.Ordinal) && _regex!.IsMatch(value),
        _ => true,
    };

    /// <inheritdoc/>
    public override string ToString()
    {
        var kind = Kind switch
        {
            StringMatchKind.Exact => "exact",
            StringMatchKind.Prefix => "prefix",
            StringMatchKind.Regex => "regex",
            _ => "present",
        };
        return Kind == StringMatchKind.Presence ? kind : IgnoreCase ? $"{kind}: {Value} (ignore case)" : $"{kind}: {Value}";
    }
}
