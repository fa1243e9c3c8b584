using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's shared validation primitives (pkg/config/validation and agent/validation): durations, percentages,
/// ports, host names, labels, regexes and <c>exportTo</c>. Each returns Istio's message or <see langword="null"/>.
/// </summary>
internal static partial class CommonRules
{
    /// <summary>Istio's cap on a regex's length.</summary>
    public const int MaxRegexLength = 1024;

    private const long NanosPerMilli = 1_000_000;

    /// <summary><c>agent.ValidateDuration</c>: at least 1ms, whole milliseconds.</summary>
    public static string? Duration(Duration value) =>
        value.Nanoseconds < NanosPerMilli ? "duration must be greater than 1ms"
        : value.Nanoseconds % NanosPerMilli != 0 ? "only durations to ms precision are supported"
        : null;

    /// <summary>A duration that may also be <c>0s</c> (<c>tcp.idleTimeout</c>, <c>httpCookie.ttl</c>).</summary>
    public static string? DurationOrZero(Duration value) => value.Nanoseconds == 0 ? null : Duration(value);

    /// <summary>The <c>Percent</c> (double) rule: 0, or within [0.0001, 100].</summary>
    public static string? Percentage(double value) =>
        value == 0 || (value >= 0.0001 && value <= 100) ? null
        : $"percentage {GoFormat.Float(value)} is neither 0.0, nor in range [0.0001, 100.0]";

    /// <summary>The integer percent rule: 0..100.</summary>
    public static string? Percent(long value) =>
        value is >= 0 and <= 100 ? null : $"percentage {value} is not in range 0..100";

    /// <summary>A port number: 1..65535.</summary>
    public static string? Port(long value) =>
        value is >= 1 and <= 65535 ? null : $"port number {value} must be in the range 1..65535";

    /// <summary><c>ValidateWildcardDomain</c>: DNS name whose first label may be a wildcard (<c>*</c>, <c>*foo</c>).</summary>
    public static string? WildcardDomain(string host) => Domain(host, allowWildcard: true);

    /// <summary><c>ValidateFQDN</c>: DNS name without wildcards.</summary>
    public static string? Fqdn(string host) => Domain(host, allowWildcard: false);

    // Istio checks the first label of a wildcard domain against the whole name, then the rest on its own
    // (ValidateDNS1123Labels), so an error in a later label names only the rest of the host.
    private static string? Domain(string host, bool allowWildcard)
    {
        if (host.Length == 0)
        {
            return "empty domain name not allowed";
        }

        if (host.Length > 255)
        {
            return $"domain name {GoFormat.Quote(host)} too long (max 255)";
        }

        if (!allowWildcard)
        {
            return Labels(host);
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        var first = dot < 0 ? host : host[..dot];
        var validFirst = first.StartsWith('*')
            ? first.Length == 1 || IsDns1123LabelBody(first[1..], allowLeadingHyphen: true)
            : IsDns1123Label(first);
        if (!validFirst)
        {
            return $"domain name {GoFormat.Quote(host)} invalid (label {GoFormat.Quote(first)} invalid)";
        }

        return dot < 0 ? null : Labels(host[(dot + 1)..]);
    }

    private static string? Labels(string domain)
    {
        var name = domain.EndsWith('.') ? domain[..^1] : domain;
        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (!IsDns1123Label(label))
            {
                return $"domain name {GoFormat.Quote(domain)} invalid (label {GoFormat.Quote(label)} invalid)";
            }
        }

        var topLevel = labels[^1];
        if (topLevel.All(char.IsAsciiDigit))
        {
            return $"domain name {GoFormat.Quote(domain)} invalid (top level domain {GoFormat.Quote(topLevel)} cannot be all-numeric)";
        }

        return null;
    }

    /// <summary>A DNS-1123 label as Istio checks it: up to 63 of <c>[a-zA-Z0-9-]</c>, alphanumeric at both ends.</summary>
    public static bool IsDns1123Label(string value) => IsDns1123LabelBody(value, allowLeadingHyphen: false);

    private static bool IsDns1123LabelBody(string value, bool allowLeadingHyphen)
    {
        if (value.Length is 0 or > 63)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var alnum = char.IsAsciiLetterOrDigit(c);
            var edge = (i == 0 && !allowLeadingHyphen) || i == value.Length - 1;
            if (!alnum && (edge || c != '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="value"/> is an IP address in Go's strict syntax (four decimal parts for IPv4, no zone-less short forms).</summary>
    public static bool IsIpAddress(string value) => TryParseIp(value, out _);

    /// <summary>An IP or a CIDR block: Istio's message for the bad one, else <see langword="null"/>. Host bits may be set, as Go allows.</summary>
    public static string? IpOrCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return TryParseIp(value, out _) ? null : $"{value} is not a valid IP";
        }

        var valid = TryParseIp(value[..slash], out var address)
            && int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            && bits <= (address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return valid ? null : $"{value} is not a valid CIDR block";
    }

    private static bool TryParseIp(string value, out IPAddress? address)
    {
        address = null;
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(value, out address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        // .NET also accepts "10" or "10.1" as IPv4; Go (and so Istio) accepts only dotted quads.
        var parts = value.Split('.');
        if (parts.Length != 4 || Array.Exists(parts, p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || int.Parse(p, CultureInfo.InvariantCulture) > 255 || (p.Length > 1 && p[0] == '0')))
        {
            return false;
        }

        return IPAddress.TryParse(value, out address);
    }

    /// <summary>A label key (Kubernetes qualified name) and value, as <c>labels.Instance.Validate</c> checks them.</summary>
    public static string? Label(string key, string value)
    {
        if (!IsQualifiedName(key))
        {
            return $"invalid tag key: {GoFormat.Quote(key)}";
        }

        return value.Length == 0 || LabelValuePattern().IsMatch(value) && value.Length <= 63
            ? null
            : $"invalid tag value: {GoFormat.Quote(value)}";
    }

    /// <summary>A Kubernetes qualified name: optional DNS-1123 subdomain prefix and <c>/</c>, then a name of up to 63 characters.</summary>
    public static bool IsQualifiedName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = value;
        if (slash >= 0)
        {
            var prefix = value[..slash];
            name = value[(slash + 1)..];
            if (prefix.Length is 0 or > 253 || !prefix.Split('.').All(IsLowerDns1123Label))
            {
                return false;
            }
        }

        return name.Length is > 0 and <= 63 && QualifiedNamePattern().IsMatch(name);
    }

    private static bool IsLowerDns1123Label(string label) => IsDns1123Label(label) && !label.Any(char.IsAsciiLetterUpper);

    /// <summary>
    /// Checks a regex as Istio does (RE2, at most 1024 characters). It is compiled with .NET's non-backtracking
    /// engine, which, like RE2, has no look-around or back-references and runs in linear time.
    /// </summary>
    /// <param name="field">The field name quoted in the message (<c>"uri"</c>, <c>"headers"</c>).</param>
    /// <param name="pattern">The pattern.</param>
    /// <returns>Istio's message, or <see langword="null"/> when valid.</returns>
    public static string? Regex(string field, string pattern)
    {
        if (pattern.Length == 0)
        {
            return $"{GoFormat.Quote(field)}: regex string match should not be empty";
        }

        if (pattern.Length > MaxRegexLength)
        {
            return $"{GoFormat.Quote(field)}: regex is too large, max length allowed is {MaxRegexLength}";
        }

        var error = RegexCompileError(pattern);
        return error is null
            ? null
            : $"{GoFormat.Quote(field)}: {error}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)";
    }

    /// <summary>Compiles <paramref name="pattern"/> as an RE2 pattern; the parse error, or <see langword="null"/>.</summary>
    public static string? RegexCompileError(string pattern)
    {
        try
        {
            _ = CompileRe2(pattern, RegexOptions.None);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        catch (NotSupportedException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Compiles an RE2 pattern, fully anchored as Envoy's <c>safe_regex</c> matches, with the linear-time engine.
    /// RE2's <c>(?P&lt;name&gt;</c> groups are accepted.
    /// </summary>
    public static Regex CompileRe2(string pattern, RegexOptions options) =>
        new($"^(?:{pattern.Replace("(?P<", "(?<", StringComparison.Ordinal)})$", options | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>The <c>exportTo</c> rules shared by VirtualService, DestinationRule and ServiceEntry.</summary>
    /// <param name="entries">The exportTo entries.</param>
    /// <param name="currentNamespace">The resource's namespace.</param>
    /// <param name="isServiceEntry">Whether <c>~</c> is allowed.</param>
    /// <returns>Every problem found.</returns>
    public static IEnumerable<string> ExportTo(IReadOnlyList<string> entries, string currentNamespace, bool isServiceEntry)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hasPublic = false;
        var hasNone = false;
        foreach (var entry in entries)
        {
            switch (entry)
            {
                case "*":
                    hasPublic = true;
                    break;
                case "~" when isServiceEntry:
                    hasNone = true;
                    break;
                case ".":
                    break;
                default:
                    if (!IsLowerDns1123Label(entry))
                    {
                        yield return $"invalid namespace name {GoFormat.Quote(entry)} in exportTo";
                        continue;
                    }

                    break;
            }

            if (!seen.Add(entry))
            {
                yield return $"duplicate entries in exportTo for entry {entry}";
            }
        }

        if (seen.Contains(".") && seen.Contains(currentNamespace))
        {
            yield return $"duplicate entries in exportTo: . and current namespace {currentNamespace}";
        }

        if (hasPublic && seen.Count > 1)
        {
            yield return "cannot have both public (*) and non-public exportTo values for a resource";
        }

        if (hasNone && seen.Count > 1)
        {
            yield return "cannot export service entry to no one (~) and someone";
        }
    }

    /// <summary>Formats an integer for a message.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex LabelValuePattern();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePattern();
}
