using MeshLib.Configuration.VirtualService;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's rules for header names and values in VirtualService matches, header operations and CORS
/// (pkg/config/validation: header names, <c>ValidateHTTPHeaderValue</c> and its port of Envoy's header parser).
/// </summary>
internal static class HttpHeaderRules
{
    /// <summary>The prefix of JWT claim match keys (<c>@request.auth.claims.sub</c>, <c>@request.auth.claims[a][b]</c>).</summary>
    private const string JwtClaimPrefix = "@request.auth.claims";

    private static readonly HashSet<string> PseudoHeaders =
        new([":method", ":scheme", ":authority", ":path", ":status"], StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is a JWT claim routing key, as <c>jwt.ToRoutingClaim</c> decides.</summary>
    public static bool IsJwtClaim(string name)
    {
        if (!name.StartsWith(JwtClaimPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = name[JwtClaimPrefix.Length..];
        return (rest.StartsWith('.') && rest.Length > 1)
            || (rest.StartsWith('[') && rest.EndsWith(']') && rest.Length > 2);
    }

    /// <summary>An RFC 7230 token: <c>!#$%&amp;'*+-.^_`|~</c>, letters and digits.</summary>
    public static bool IsToken(string name) => name.Length > 0 && name.All(IsTokenChar);

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    /// <summary>A header name in a match (<c>headers</c>, <c>withoutHeaders</c>): a token, a pseudo-header or a JWT claim key.</summary>
    public static string? MatchName(string name) =>
        name.Length == 0 ? "header name cannot be empty"
        : IsJwtClaim(name) || PseudoHeaders.Contains(name) || IsToken(name) ? null
        : $"header name {name} is not a valid header name";

    /// <summary>A header name in a CORS allow/expose list: a token or <c>*</c>.</summary>
    public static string? CorsName(string name) =>
        name.Length == 0 ? "header name cannot be empty"
        : name == "*" || IsToken(name) ? null
        : $"header name {name} is not a valid header name";

    /// <summary>Whether the header is <c>:authority</c> or <c>Host</c>, in any case.</summary>
    public static bool IsAuthority(string name) =>
        name.Equals(":authority", StringComparison.OrdinalIgnoreCase) || name.Equals("host", StringComparison.OrdinalIgnoreCase);

    private static bool IsInternal(string name) => name.StartsWith(':') || name.Equals("host", StringComparison.OrdinalIgnoreCase);

    /// <summary>A name in <c>request.set</c> / <c>request.add</c>: the authority may be set here; other <c>:</c> names not.</summary>
    public static string? RequestSetName(string name) =>
        name.Length == 0 ? "header name cannot be empty"
        : IsInternal(name) && !IsAuthority(name) ? $"invalid header {GoFormat.Quote(name)}: header cannot have \":\" prefix"
        : null;

    /// <summary>A name in <c>request.remove</c> or any <c>response</c> operation: neither Host nor <c>:</c> names.</summary>
    public static string? OperationName(string name) =>
        name.Length == 0 ? "header name cannot be empty"
        : name.Equals("host", StringComparison.OrdinalIgnoreCase) ? $"invalid header {GoFormat.Quote(name)}: cannot set Host header"
        : IsInternal(name) ? $"invalid header {GoFormat.Quote(name)}: header cannot have \":\" prefix"
        : null;

    /// <summary>A header value: no control characters except tab, and well-formed <c>%VAR%</c> substitutions.</summary>
    public static string? Value(string value)
    {
        if (value.Any(c => c is (>= '\0' and <= '\b') or (>= '\n' and <= '\x1f') or '\x7f'))
        {
            return $"header value configuration {value} is invalid";
        }

        var error = SubstitutionError(value);
        return error is null ? null : $"header value configuration: {error}";
    }

    private enum ParserState
    {
        Literal,
        VariableName,
        ExpectArray,
        ExpectString,
        String,
        ExpectArrayDelimiterOrEnd,
        ExpectArgsEnd,
        ExpectVariableEnd,
    }

    /// <summary>Istio's port of Envoy's header formatter parser: checks <c>%VAR%</c>, <c>%VAR(args)%</c> and <c>%%</c>.</summary>
    private static string? SubstitutionError(string value)
    {
        var state = ParserState.Literal;
        for (var pos = 0; pos < value.Length; pos++)
        {
            var ch = value[pos];
            var hasNext = pos + 1 < value.Length;
            switch (state)
            {
                case ParserState.Literal when ch == '%':
                    if (!hasNext)
                    {
                        return "invalid header configuration. Un-escaped %";
                    }

                    if (value[pos + 1] == '%')
                    {
                        pos++;
                    }
                    else
                    {
                        state = ParserState.VariableName;
                    }

                    break;
                case ParserState.VariableName:
                    state = ch switch
                    {
                        '%' => ParserState.Literal,
                        '(' => ParserState.ExpectArray,
                        _ => state,
                    };
                    break;
                case ParserState.ExpectArray:
                    if (ch == '[')
                    {
                        state = ParserState.ExpectString;
                    }
                    else if (ch != ' ')
                    {
                        state = ParserState.String;
                    }

                    break;
                case ParserState.ExpectArrayDelimiterOrEnd:
                    if (ch == ',')
                    {
                        state = ParserState.ExpectString;
                    }
                    else if (ch == ']')
                    {
                        state = ParserState.ExpectArgsEnd;
                    }
                    else if (ch != ' ')
                    {
                        return "invalid header configuration. Expecting ',', ']', or whitespace";
                    }

                    break;
                case ParserState.ExpectString:
                    if (ch == '"')
                    {
                        state = ParserState.String;
                    }
                    else if (ch != ' ')
                    {
                        return "invalid header configuration. Expecting '\"'";
                    }

                    break;
                case ParserState.String:
                    if (ch == '\\')
                    {
                        if (!hasNext)
                        {
                            return "invalid header configuration. Un-terminated backslash in JSON string";
                        }

                        pos++;
                    }
                    else if (ch == ')')
                    {
                        state = ParserState.ExpectVariableEnd;
                    }
                    else if (ch == '"')
                    {
                        state = ParserState.ExpectArrayDelimiterOrEnd;
                    }

                    break;
                case ParserState.ExpectArgsEnd:
                    if (ch == ')')
                    {
                        state = ParserState.ExpectVariableEnd;
                    }
                    else if (ch != ' ')
                    {
                        // Istio's message keeps Envoy's unfilled "{}" placeholders.
                        return "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'";
                    }

                    break;
                case ParserState.ExpectVariableEnd:
                    if (ch == '%')
                    {
                        state = ParserState.Literal;
                    }
                    else if (ch != ' ')
                    {
                        return "invalid header configuration. Expecting '%' or whitespace after";
                    }

                    break;
                default:
                    break;
            }
        }

        return state == ParserState.Literal ? null : $"invalid header configuration. Un-terminated variable expression '{value}'";
    }

    /// <summary>
    /// Checks one <c>request</c> or <c>response</c> block of a <c>headers</c> field.
    /// </summary>
    /// <param name="ctx">The validation context.</param>
    /// <param name="ops">The operations (may be null).</param>
    /// <param name="path">The path of <paramref name="ops"/>.</param>
    /// <param name="isRequest">Whether this is the request block (where the authority may be set).</param>
    public static void ValidateOperations(ValidationContext ctx, HeaderOperationsConfig? ops, string path, bool isRequest)
    {
        if (ops is null)
        {
            return;
        }

        foreach (var (field, map) in new[] { ("add", ops.Add), ("set", ops.Set) })
        {
            foreach (var (name, value) in map ?? Empty)
            {
                Report(ctx, ops, path, field, isRequest ? RequestSetName(name) : OperationName(name));
                Report(ctx, ops, path, field, Value(value ?? string.Empty));
            }
        }

        foreach (var name in ops.Remove ?? (IEnumerable<string>)[])
        {
            Report(ctx, ops, path, "remove", OperationName(name ?? string.Empty));
        }
    }

    /// <summary>Checks <c>headers.request</c> and <c>headers.response</c> of a route or destination.</summary>
    public static void ValidateHeaders(ValidationContext ctx, HeadersConfig? headers, string path)
    {
        if (headers is null)
        {
            return;
        }

        ValidateOperations(ctx, headers.Request, ValidationContext.Join(path, "request"), isRequest: true);
        ValidateOperations(ctx, headers.Response, ValidationContext.Join(path, "response"), isRequest: false);
    }

    private static readonly EquatableDictionary<string> Empty = new([]);

    private static void Report(ValidationContext ctx, ConfigElement owner, string path, string field, string? message)
    {
        if (message is not null)
        {
            ctx.Error(owner, path, field, message);
        }
    }
}
