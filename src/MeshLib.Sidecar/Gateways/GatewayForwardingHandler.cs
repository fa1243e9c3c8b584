using MeshLib.Http;

namespace MeshLib.Sidecar.Gateways;

/// <summary>The handler YARP sends gateway requests through: the mesh router, with the route table the listener chose.</summary>
internal sealed class GatewayForwardingHandler(MeshRouter router) : HttpMessageHandler
{
    /// <summary>The gateway route table of a request (set by <see cref="GatewayTransformer"/>).</summary>
    public static readonly HttpRequestOptionsKey<string> RouteName = new("MeshLib.Sidecar.GatewayRoute");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Options.TryGetValue(RouteName, out var routeName)
            ? router.SendGatewayAsync(request, routeName, cancellationToken)
            : throw new InvalidOperationException("a gateway request must name its route table");
}
