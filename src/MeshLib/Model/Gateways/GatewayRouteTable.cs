namespace MeshLib.Model.Gateways;

/// <summary>The virtual hosts one gateway route table offers (Envoy's route configuration for a gateway listener).</summary>
internal sealed class GatewayRouteTable(string name, int port, HostIndex hosts)
{
    /// <summary>The route name: <c>http.PORT</c>, or <c>https.PORT.portName.gateway.ns</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The listener port, which route <c>port</c> matches and destinations without a port use.</summary>
    public int Port { get; } = port;

    /// <summary>The virtual hosts by request host; a host not here is answered 404.</summary>
    public HostIndex Hosts { get; } = hosts;
}
