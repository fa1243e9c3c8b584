namespace MeshLib.Model;

/// <summary>
/// Istio's host-name rules: a short name (<c>reviews</c>) in configuration means
/// <c>reviews.&lt;namespace of the resource&gt;.svc.&lt;cluster domain&gt;</c>, and a request may name a
/// Kubernetes-style service by any of its DNS forms (<c>reviews</c>, <c>reviews.ns</c>, <c>reviews.ns.svc</c>, FQDN).
/// </summary>
internal static class HostNames
{
    /// <summary>The fully qualified, lower-case form of a configured host (wildcards and FQDNs are kept as written).</summary>
    public static string ToFqdn(string host, string resourceNamespace, string clusterDomain)
    {
        var name = host.EndsWith('.') ? host[..^1] : host;
        name = name.ToLowerInvariant();
        if (name.Length == 0 || name == "*" || name.Contains('.', StringComparison.Ordinal))
        {
            return name;
        }

        return $"{name}.{resourceNamespace}.svc.{clusterDomain}";
    }

    /// <summary>
    /// Every name a request may use for <paramref name="fqdn"/>, as the sidecar's virtual-host domains:
    /// the FQDN, and for <c>name.ns.svc.&lt;domain&gt;</c> also <c>name.ns.svc</c>, <c>name.ns</c> and,
    /// from the same namespace, <c>name</c>.
    /// </summary>
    public static IEnumerable<string> RequestAliases(string fqdn, string clientNamespace, string clusterDomain)
    {
        yield return fqdn;
        var suffix = $".svc.{clusterDomain}";
        if (!fqdn.EndsWith(suffix, StringComparison.Ordinal))
        {
            yield break;
        }

        var nameAndNamespace = fqdn[..^suffix.Length];
        var dot = nameAndNamespace.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || nameAndNamespace.IndexOf('.', dot + 1) >= 0)
        {
            yield break;
        }

        yield return nameAndNamespace + ".svc";
        yield return nameAndNamespace;
        if (nameAndNamespace.AsSpan(dot + 1).SequenceEqual(clientNamespace))
        {
            yield return nameAndNamespace[..dot];
        }
    }

    /// <summary>Whether <paramref name="host"/> is matched by the wildcard <paramref name="pattern"/> (<c>*.foo.com</c> or <c>*</c>).</summary>
    public static bool WildcardMatches(string pattern, ReadOnlySpan<char> host) =>
        pattern == "*" || (pattern.StartsWith('*') && host.EndsWith(pattern.AsSpan(1), StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1);

    /// <summary>The host part of an authority (<c>reviews:9080</c> → <c>reviews</c>; <c>[::1]:80</c> → <c>[::1]</c>).</summary>
    public static ReadOnlySpan<char> StripPort(ReadOnlySpan<char> authority)
    {
        if (authority.Length > 0 && authority[0] == '[')
        {
            var close = authority.IndexOf(']');
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }
}
