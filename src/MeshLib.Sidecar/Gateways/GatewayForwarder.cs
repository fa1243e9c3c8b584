using System.Text;
using MeshLib.Http;
using MeshLib.Sidecar.Forwarding;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// The handler of every gateway listener: the listener's port (and, over TLS, the client's SNI) picks the Gateway
/// server and so the route table; YARP then carries the request through the mesh router, which answers 404 for a
/// host no bound VirtualService serves, applies CORS, faults, retries, timeouts and load balancing as for the mesh.
/// </summary>
internal sealed class GatewayForwarder(IHttpForwarder forwarder, MeshRuntime runtime, ILogger<GatewayForwarder> logger)
    : IDisposable
{
    private static readonly byte[] MissingHostBody = Encoding.UTF8.GetBytes("the request names no host: send a Host header");

    private readonly HttpMessageInvoker _mesh = new(new GatewayForwardingHandler(runtime.Router), disposeHandler: true);

    public void Dispose() => _mesh.Dispose();

    public async Task HandleAsync(HttpContext context)
    {
        // Kestrel names h2c requests https (see H2cPriorKnowledge): only a TLS handshake means TLS.
        var tls = context.Features.Get<ITlsHandshakeFeature>() is not null;
        var listener = runtime.Manager.Current.Gateways.Listener(context.Connection.LocalPort);
        var server = listener is not null && listener.TerminatesTls == tls
            ? listener.SelectServer(tls ? context.Features.Get<ITlsHandshakeFeature>()!.HostName : null)
            : null;
        if (server is null)
        {
            // A reload removed this port's servers or changed its kind, and its listener is not yet closed or rebound:
            // Envoy would have no route for it.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!context.Request.Host.HasValue)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain";
            await context.Response.Body.WriteAsync(MissingHostBody, context.RequestAborted);
            return;
        }

        var destination = (tls ? "https://" : "http://") + context.Request.Host.Value;
        var error = await forwarder.SendAsync(context, destination, _mesh, OutboundForwarder.RequestConfig(context.Request), new GatewayTransformer(server.RouteName, tls));
        OutboundForwarder.LogError(logger, context, destination, error);
    }
}
