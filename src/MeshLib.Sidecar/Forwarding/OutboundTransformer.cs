using MeshLib.Http;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace MeshLib.Sidecar.Forwarding;

/// <summary>
/// Copies the caller's request as it is (YARP drops the hop-by-hop headers), keeps the caller's <c>Host</c> so that
/// the mesh sees the service it named, and tells the mesh who the caller is (<c>consistentHash.useSourceIp</c>).
/// </summary>
internal sealed class OutboundTransformer : HttpTransformer
{
    public static OutboundTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;

        // Proxy-form requests from older clients carry these; they are meant for this proxy, never the upstream.
        proxyRequest.Headers.Remove("Proxy-Connection");
        proxyRequest.Headers.Remove("Proxy-Authorization");
        if (httpContext.Connection.RemoteIpAddress is { } source)
        {
            proxyRequest.Options.Set(MeshRequestOptions.SourceAddress, source);
        }
    }
}
