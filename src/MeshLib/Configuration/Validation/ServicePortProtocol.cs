namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's <c>protocol.Parse</c> and its families, as ServiceEntry validation uses them. Names are matched
/// without regard to case; an empty protocol means sniffing.
/// </summary>
internal static class ServicePortProtocol
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "TCP", "UDP", "GRPC", "GRPC-WEB", "HTTP", "HTTP_PROXY", "HTTP2", "HTTPS", "TLS", "MONGO", "REDIS", "MYSQL",
    };

    private static readonly HashSet<string> Http = new(StringComparer.OrdinalIgnoreCase) { "HTTP", "HTTP2", "HTTP_PROXY", "GRPC", "GRPC-WEB" };

    private static readonly HashSet<string> Tls = new(StringComparer.OrdinalIgnoreCase) { "HTTPS", "TLS" };

    private static readonly HashSet<string> Tcp = new(StringComparer.OrdinalIgnoreCase) { "TCP", "HTTPS", "TLS", "MONGO", "REDIS", "MYSQL" };

    /// <summary>Whether Istio knows the protocol (empty is not known, but is allowed as "sniff").</summary>
    public static bool IsKnown(string? protocol) => protocol is not null && Known.Contains(protocol);

    /// <summary>HTTP family: HTTP, HTTP2, HTTP_PROXY, GRPC, GRPC-WEB.</summary>
    public static bool IsHttp(string? protocol) => protocol is not null && Http.Contains(protocol);

    /// <summary>TLS family: HTTPS, TLS.</summary>
    public static bool IsTls(string? protocol) => protocol is not null && Tls.Contains(protocol);

    /// <summary>Carried as opaque TCP by the proxy: TCP, HTTPS, TLS, MONGO, REDIS, MYSQL.</summary>
    public static bool IsTcp(string? protocol) => protocol is not null && Tcp.Contains(protocol);
}
