using System.Globalization;
using System.Net;
using MeshLib.Tcp;

namespace MeshLib.Model.Gateways;

/// <summary>
/// One gateway port whose server has protocol TCP, as Envoy's gateway TCP listener: every connection takes the
/// first <c>tcp</c> route, of the VirtualServices bound to the Gateway and sharing a host with the server, that
/// matches it. A connection no route matches is closed (Envoy: no filter chain match).
/// </summary>
/// <param name="Port">The gateway server port.</param>
/// <param name="Server">The server.</param>
/// <param name="Routes">The routes, first match wins.</param>
internal sealed record GatewayTcpListenerModel(int Port, GatewayServerModel Server, IReadOnlyList<TcpRouteModel> Routes) : ITcpRouteSource
{
    /// <inheritdoc/>
    public string Name => Server.Reference;

    /// <inheritdoc/>
    public TcpRouteModel? Route(IPAddress destination, IPAddress source) => TcpRouteModel.First(Routes, destination, source);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Server.Reference} {Server.Path} port {Port}");
}
