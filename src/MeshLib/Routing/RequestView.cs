using System.Net.Http.Headers;

namespace MeshLib.Routing;

/// <summary>
/// The parts of a request that route matching reads, taken once per request from an
/// <see cref="HttpRequestMessage"/> as Envoy would see them: <c>:method</c>, <c>:scheme</c>, <c>:authority</c>
/// (the Host header as sent, port included), <c>:path</c> (raw path and query, no fragment) and headers.
/// </summary>
internal readonly struct RequestView
{
    private readonly HttpRequestMessage? _request;
    private readonly bool _hasHeaders;
    private readonly string? _authority;
    private readonly string _host;
    private readonly int _pathLength;
    private readonly int _hostLength;

    /// <summary>Reads <paramref name="request"/> without allocating (the strings <see cref="Uri"/> caches are reused).</summary>
    /// <param name="request">The outgoing request.</param>
    public RequestView(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _request = request;
        Method = request.Method.Method;

        var uri = request.RequestUri;
        string? host = null;

        // Route tables test many header names; a request that carries none answers them all without a lookup.
        _hasHeaders = request.Headers.NonValidated.Count > 0 || request.Content is not null;
        if (_hasHeaders && request.Headers.NonValidated.TryGetValues("Host", out var hostValues))
        {
            foreach (var value in hostValues)
            {
                host = value;
                break;
            }
        }

        if (uri is { IsAbsoluteUri: true })
        {
            Scheme = uri.Scheme;
            PathAndQuery = uri.PathAndQuery;
        }
        else
        {
            Scheme = Uri.UriSchemeHttp;
            var original = uri?.OriginalString;
            PathAndQuery = string.IsNullOrEmpty(original) ? "/" : original;
        }

        var hash = PathAndQuery.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            PathAndQuery = PathAndQuery[..hash];
        }

        var question = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        _pathLength = question < 0 ? PathAndQuery.Length : question;

        if (uri is { IsAbsoluteUri: true } && string.IsNullOrEmpty(host))
        {
            // HttpClient sends Host as the URI authority, with the port only when it is not the scheme default.
            // Uri.Authority builds a new string per call; Host and Port are cached by the Uri.
            _host = uri.Host;
            _hostLength = _host.Length;
            Port = uri.Port;
            HasExplicitPort = !uri.IsDefaultPort;
            _authority = HasExplicitPort ? null : _host;
            return;
        }

        _authority = host ?? string.Empty;
        _host = _authority;
        var portSeparator = FindPortSeparator(_authority);
        if (portSeparator >= 0 && int.TryParse(_authority.AsSpan(portSeparator + 1), out var port))
        {
            _hostLength = portSeparator;
            Port = port;
            HasExplicitPort = true;
        }
        else
        {
            _hostLength = _authority.Length;
            Port = DefaultPort(Scheme);
        }
    }

    /// <summary><c>:method</c>, such as <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary><c>:scheme</c>: <c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; }

    /// <summary><c>:authority</c>: the Host header as sent (<c>reviews:9080</c>), port included when there is one.</summary>
    public string Authority => _authority ?? AuthorityTexts.Of(_host, Port);

    /// <summary>The authority without its port (<c>reviews</c>).</summary>
    public ReadOnlySpan<char> HostWithoutPort => _host.AsSpan(0, _hostLength);

    /// <summary>The port in the authority, or the scheme default when it has none.</summary>
    public int Port { get; }

    /// <summary>Whether the authority names a port (<c>b:80</c>), which a redirect keeps.</summary>
    public bool HasExplicitPort { get; }

    /// <summary><c>:path</c>: the raw (still escaped) path and query, without the fragment.</summary>
    public string PathAndQuery { get; }

    /// <summary>The raw path without the query: what <c>uri</c> matches are compared against.</summary>
    public ReadOnlySpan<char> Path => PathAndQuery.AsSpan(0, _pathLength);

    /// <summary>The length of <see cref="Path"/> within <see cref="PathAndQuery"/>.</summary>
    public int PathLength => _pathLength;

    /// <summary>Whether <see cref="PathAndQuery"/> has a <c>?</c>.</summary>
    public bool HasQuery => _pathLength < PathAndQuery.Length;

    /// <summary>The raw query without the <c>?</c>; empty when there is none.</summary>
    public ReadOnlySpan<char> Query => HasQuery ? PathAndQuery.AsSpan(_pathLength + 1) : default;

    /// <summary>The query with its leading <c>?</c>; empty when there is none.</summary>
    public ReadOnlySpan<char> QueryWithSeparator => PathAndQuery.AsSpan(_pathLength);

    /// <summary>
    /// A header as Envoy's matcher sees it. Pseudo-headers resolve to the request parts. Several values are
    /// joined with <c>,</c> (Envoy's <c>getAllOfHeaderAsString</c>); a single value is returned without copying.
    /// </summary>
    /// <param name="name">The header name (any case) or pseudo-header.</param>
    /// <param name="value">The value when present.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetHeader(string name, out ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 0 && name[0] == ':')
        {
            return TryGetPseudoHeader(name, out value);
        }

        value = default;

        // Envoy keeps an HTTP/1 Host header only as :authority, so a matcher named "host" never finds it
        // (istio/istio#23083); authority matches go through :authority.
        if (!_hasHeaders || name.Equals("host", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (_request!.Headers.NonValidated.TryGetValues(name, out var values))
        {
            value = Join(values);
            return true;
        }

        if (_request.Content is not null && _request.Content.Headers.NonValidated.TryGetValues(name, out values))
        {
            value = Join(values);
            return true;
        }

        return false;
    }

    private bool TryGetPseudoHeader(string name, out ReadOnlySpan<char> value)
    {
        switch (name)
        {
            case ":method":
                value = Method;
                return true;
            case ":authority":
                value = Authority;
                return true;
            case ":path":
                value = PathAndQuery;
                return true;
            case ":scheme":
                value = Scheme;
                return true;
            default:
                value = default;
                return false;
        }
    }

    private static ReadOnlySpan<char> Join(HeaderStringValues values)
    {
        if (values.Count > 1)
        {
            return string.Join(',', values);
        }

        foreach (var single in values)
        {
            return single;
        }

        return string.Empty;
    }

    /// <summary>The index of the <c>:</c> before a port, or -1 (IPv6 literals are bracketed).</summary>
    internal static int FindPortSeparator(string authority)
    {
        var colon = authority.LastIndexOf(':');
        if (colon < 0)
        {
            return -1;
        }

        var bracket = authority.LastIndexOf(']');
        return bracket > colon ? -1 : colon;
    }

    /// <summary>80 for http, 443 for https (and wss), as Envoy's redirect logic assumes.</summary>
    internal static int DefaultPort(string scheme) =>
        scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) || scheme.Equals(Uri.UriSchemeWss, StringComparison.OrdinalIgnoreCase) ? 443 : 80;
}
