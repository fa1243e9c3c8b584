namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPRedirect</c>: answer with a redirect to a new URI, authority, port or scheme.</summary>
public sealed record HttpRedirectConfig : ConfigElement
{
    /// <summary>New path replacing the whole path; default: unchanged.</summary>
    public string? Uri { get; init; }

    /// <summary>Replaces the matched URI prefix (every uri match of the route must be a prefix match); exclusive with <c>uri</c>; default: none.</summary>
    public string? PrefixRewrite { get; init; }

    /// <summary>New authority/host; default: unchanged.</summary>
    public string? Authority { get; init; }

    /// <summary>New port (oneof with <c>derivePort</c>); default: none.</summary>
    public uint? Port { get; init; }

    /// <summary>How to derive the port (oneof with <c>port</c>); default: FROM_PROTOCOL_DEFAULT.</summary>
    public RedirectPortSelection? DerivePort { get; init; }

    /// <summary>New scheme (<c>http</c> or <c>https</c>); default: unchanged.</summary>
    public string? Scheme { get; init; }

    /// <summary>HTTP status code of the redirect; default: 301.</summary>
    public uint? RedirectCode { get; init; }
}
