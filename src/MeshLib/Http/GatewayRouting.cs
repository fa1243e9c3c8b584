using System.Net;
using MeshLib.Model;
using MeshLib.Routing;

namespace MeshLib.Http;

/// <summary>What <see cref="MeshRouter"/> does differently for a request received by a gateway listener.</summary>
internal static class GatewayRouting
{
    /// <summary>The passthrough of gateway requests: there is none, an unknown host is answered 404 first.</summary>
    public static readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> NoPassthrough =
        static (_, _) => throw new InvalidOperationException("a gateway listener never passes a request through to its original host");

    /// <summary>
    /// The virtual host of route table <paramref name="routeName"/> for the request's host, or null (no such host, or
    /// a reload removed the table). <paramref name="port"/> becomes the listener port, which route <c>port</c>
    /// matches and port-less destinations use.
    /// </summary>
    public static VirtualHostModel? Find(MeshSnapshot snapshot, string routeName, in RequestView view, ref int port)
    {
        if (snapshot.Gateways.FindRoutes(routeName) is not { } table)
        {
            return null;
        }

        port = table.Port;
        return table.Hosts.Find(view.HostWithoutPort);
    }

    /// <summary>Whether the request arrived over TLS (the listener names its scheme <c>https</c>).</summary>
    public static bool IsTls(in RequestView view) => view.Scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);

    /// <summary>Envoy's <c>require_tls</c> answer: 301 to the same host and path over https.</summary>
    public static HttpResponseMessage HttpsRedirect(in RequestView view)
    {
        var response = new HttpResponseMessage(HttpStatusCode.MovedPermanently);
        response.Headers.Location = new Uri(string.Concat("https://", view.Authority, view.PathAndQuery));
        return response;
    }
}
