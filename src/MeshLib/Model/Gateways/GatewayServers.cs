using MeshLib.Configuration.Gateway;

namespace MeshLib.Model.Gateways;

/// <summary>Classifies gateway servers by protocol and TLS mode, as Istio's gateway listener builder does.</summary>
internal static class GatewayServers
{
    /// <summary>What <paramref name="server"/> carries (protocols compare case-insensitively, as Istio's <c>protocol.Parse</c>).</summary>
    public static GatewayServerKind Kind(ServerConfig server)
    {
        switch (server.Port?.Protocol?.ToUpperInvariant())
        {
            case "HTTP" or "HTTP2" or "GRPC" or "GRPC-WEB" or "HTTP_PROXY":
                return GatewayServerKind.PlainHttp;
            case "HTTPS":
                var mode = server.Tls?.Mode ?? ServerTlsMode.Passthrough;
                return mode is ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough ? GatewayServerKind.NotHttp : GatewayServerKind.TerminatedHttps;
            case "TCP":
                return GatewayServerKind.PlainTcp;
            default:
                return GatewayServerKind.NotHttp;
        }
    }
}
