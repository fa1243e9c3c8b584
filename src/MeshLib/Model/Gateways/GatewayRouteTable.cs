namespace MeshLib.Model.Gateways;

/// <summary>The virtual hosts one gateway route table offers (Envoy's route configuration for a gateway listener, named by <see cref="GatewayServerModel.RouteName"/>).</summary>
internal sealed class GatewayRouteTable(int port, HostIndex hosts)
{
    /// <summary>The listener port, which route <c>port</c> matches and destinations without a port use.</summary>
    public int Port { get; } = port;

    /// <summary>The virtual hosts by request host; a host not here is answered 404.</summary>
    public HostIndex Hosts { get; } = hosts;
}
