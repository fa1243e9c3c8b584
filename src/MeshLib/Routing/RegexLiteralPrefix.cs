namespace MeshLib.Routing;

/// <summary>
/// The literal text every match of a fully anchored RE2 pattern starts with: <c>/api/v1/</c> for
/// <c>/api/v1/.*</c>. A value without it cannot match, so the regex need not run, and a route table can index the
/// route by it. Conservative: anything the scan does not fully understand ends the prefix, and a pattern with a
/// top-level alternation has none.
/// </summary>
internal static class RegexLiteralPrefix
{
    /// <summary>The literal prefix of <paramref name="pattern"/>; empty when there is none.</summary>
    /// <param name="pattern">The RE2 pattern, matched against the whole value.</param>
    /// <returns>The prefix.</returns>
    public static string Of(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (HasTopLevelAlternation(pattern))
        {
            return string.Empty;
        }

        var prefix = new System.Text.StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            char literal;
            int next;
            var c = pattern[i];
            if (c == '\\')
            {
                // Only an escaped punctuation character is a literal; \d, \b, \Q, \x41 ... end the prefix.
                if (i + 1 >= pattern.Length || !IsEscapableLiteral(pattern[i + 1]))
                {
                    break;
                }

                literal = pattern[i + 1];
                next = i + 2;
            }
            else if (IsPlainLiteral(c))
            {
                literal = c;
                next = i + 1;
            }
            else
            {
                break;
            }

            // A quantified character may be absent or repeated: it and what follows are not a fixed prefix.
            if (next < pattern.Length && pattern[next] is '*' or '+' or '?' or '{')
            {
                break;
            }

            prefix.Append(literal);
            i = next;
        }

        return prefix.ToString();
    }

    // Characters that stand for themselves in both RE2 and .NET syntax. Metacharacters, and surrogates (a quantifier
    // after a pair applies to a code point in RE2 but to one UTF-16 unit in .NET), end the prefix.
    private static bool IsPlainLiteral(char c) =>
        !char.IsSurrogate(c) && c is not ('\\' or '.' or '[' or ']' or '(' or ')' or '{' or '}' or '*' or '+' or '?' or '|' or '^' or '$' or '#')
        && !char.IsWhiteSpace(c) && !char.IsControl(c);

    private static bool IsEscapableLiteral(char c) => c is > ' ' and < '\x7f' && !char.IsAsciiLetterOrDigit(c) && c != '_';

    // "a|b" means "a" or "b", so neither starts every match. Alternations inside groups or classes do not matter
    // for the literal run before the first group.
    private static bool HasTopLevelAlternation(string pattern)
    {
        var depth = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[' when !inClass:
                    inClass = true;

                    // A ']' (after an optional '^') right after '[' is a literal member, not the end of the class.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        i++;
                    }

                    break;
                case ']' when inClass:
                    inClass = false;
                    break;
                case '(' when !inClass:
                    depth++;
                    break;
                case ')' when !inClass:
                    depth--;
                    break;
                case '|' when !inClass && depth <= 0:
                    return true;
            }
        }

        // An unbalanced pattern is not understood: treat it as having no prefix.
        return depth != 0 || inClass;
    }
}
