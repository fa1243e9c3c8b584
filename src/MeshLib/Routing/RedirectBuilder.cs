using System.Globalization;

namespace MeshLib.Routing;

/// <summary>
/// Istio's <c>HTTPRedirect</c> as Envoy answers it (Istio route.go <c>ApplyRedirect</c>, Envoy
/// <c>RouteEntryImplBase::newUri</c>): the status code and the <c>Location</c>.
/// </summary>
internal sealed class RedirectBuilder
{
    /// <summary>Creates a redirect.</summary>
    /// <param name="uri">Replaces the whole path; the request query is kept unless <paramref name="uri"/> has its own.</param>
    /// <param name="prefixRewrite">Replaces the matched prefix instead (exclusive with <paramref name="uri"/>).</param>
    /// <param name="authority">The new host (taken as is; the request's port is dropped).</param>
    /// <param name="scheme">The new scheme; <see langword="null"/> keeps the request's.</param>
    /// <param name="port">An explicit <c>port</c>.</param>
    /// <param name="derivePort">The <c>derivePort</c> (exclusive with <paramref name="port"/>).</param>
    /// <param name="redirectCode"><c>redirectCode</c>; 0 means 301.</param>
    public RedirectBuilder(
        string? uri = null,
        string? prefixRewrite = null,
        string? authority = null,
        string? scheme = null,
        uint? port = null,
        RedirectPortDerivation? derivePort = null,
        uint redirectCode = 0)
    {
        if (!string.IsNullOrEmpty(uri) && prefixRewrite is not null)
        {
            throw new ArgumentException("uri and prefixRewrite cannot be combined.", nameof(prefixRewrite));
        }

        if (port is not null && derivePort is not null)
        {
            throw new ArgumentException("port and derivePort cannot be combined.", nameof(derivePort));
        }

        if (!IsSupportedCode(redirectCode))
        {
            // Istio leaves such a route without an action; the compile step has to decide what to do with it.
            throw new ArgumentOutOfRangeException(nameof(redirectCode), redirectCode, "Envoy redirects only with 301, 302, 303, 307 or 308.");
        }

        Uri = string.IsNullOrEmpty(uri) ? null : uri;
        PrefixRewrite = prefixRewrite;
        Authority = string.IsNullOrEmpty(authority) ? null : authority;
        Scheme = string.IsNullOrEmpty(scheme) ? null : scheme;
        Port = port;
        DerivePort = derivePort;
        StatusCode = redirectCode == 0 ? 301 : (int)redirectCode;
    }

    /// <summary>The whole-path replacement, if any.</summary>
    public string? Uri { get; }

    /// <summary>The matched-prefix replacement, if any.</summary>
    public string? PrefixRewrite { get; }

    /// <summary>The new host, if any.</summary>
    public string? Authority { get; }

    /// <summary>The new scheme, if any.</summary>
    public string? Scheme { get; }

    /// <summary>The explicit port, if any.</summary>
    public uint? Port { get; }

    /// <summary>The port derivation, if any.</summary>
    public RedirectPortDerivation? DerivePort { get; }

    /// <summary>The status code: <c>redirectCode</c>, 301 by default.</summary>
    public int StatusCode { get; }

    /// <summary>Whether Envoy can answer with <paramref name="code"/> (0 stands for the 301 default).</summary>
    /// <param name="code">The configured <c>redirectCode</c>.</param>
    /// <returns><see langword="true"/> for 0, 301, 302, 303, 307 and 308.</returns>
    public static bool IsSupportedCode(uint code) => code is 0 or 301 or 302 or 303 or 307 or 308;

    /// <summary>Builds the <c>Location</c> for a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="matched">The block that selected the route (its prefix is what <see cref="PrefixRewrite"/> replaces).</param>
    /// <param name="destinationPort">The port the request was sent to (Istio's listener port).</param>
    /// <returns>The absolute redirect URL.</returns>
    public string BuildLocation(in RequestView request, RouteMatch matched, int destinationPort)
    {
        ArgumentNullException.ThrowIfNull(matched);
        var scheme = Scheme ?? request.Scheme;
        var port = RedirectPort(scheme, destinationPort);
        var portText = port == 0 ? string.Empty : ":" + port.ToString(CultureInfo.InvariantCulture);
        var host = Authority ?? RequestHost(in request, scheme, hasNewPort: port != 0);
        return string.Concat(scheme, "://", host, portText, Path(in request, matched));
    }

    /// <summary>
    /// The port Istio writes into Envoy's <c>port_redirect</c>: only when <c>port</c> or <c>derivePort</c> is set,
    /// and not when it is the default for the scheme (80 with http, 443 with https).
    /// </summary>
    private uint RedirectPort(string scheme, int destinationPort)
    {
        uint port;
        if (Port is { } explicitPort)
        {
            port = explicitPort;
        }
        else if (DerivePort is { } derive)
        {
            port = derive == RedirectPortDerivation.FromRequestPort ? (uint)destinationPort : 0;
        }
        else
        {
            return 0;
        }

        var omit = (port == 80 && scheme.Equals(System.Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
            || (port == 443 && scheme.Equals(System.Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase));
        return omit ? 0 : port;
    }

    /// <summary>
    /// Envoy's <c>processRequestHost</c>: the request's Host as sent, without its port when a new port is set or
    /// when the scheme changes away from a request that used its own default port.
    /// </summary>
    private static string RequestHost(in RequestView request, string newScheme, bool hasNewPort)
    {
        var authority = request.Authority;
        if (!request.HasExplicitPort)
        {
            return authority;
        }

        var removePort = hasNewPort;
        if (!newScheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            removePort |= request.Port == RequestView.DefaultPort(request.Scheme);
        }

        return removePort ? request.HostWithoutPort.ToString() : authority;
    }

    private string Path(in RequestView request, RouteMatch matched)
    {
        if (Uri is not null)
        {
            // Envoy: a query in path_redirect takes precedence over the request's.
            return Uri.Contains('?', StringComparison.Ordinal) ? Uri : string.Concat(Uri, request.QueryWithSeparator);
        }

        if (PrefixRewrite is not null)
        {
            var prefix = matched.RewritablePrefix;
            var path = request.Path;
            var rest = prefix is not null && path.Length >= prefix.Length ? path[prefix.Length..] : [];
            return string.Concat(PrefixRewrite, rest, request.QueryWithSeparator);
        }

        return request.PathAndQuery;
    }
}
