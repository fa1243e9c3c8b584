namespace MeshLib.Model.Gateways;

/// <summary>Every gateway listener this process serves and the route tables behind them, part of one snapshot.</summary>
internal sealed class GatewayCatalog(IReadOnlyList<GatewayListenerModel> listeners, IReadOnlyDictionary<string, GatewayRouteTable> routes)
{
    private readonly Dictionary<int, GatewayListenerModel> _byPort = listeners.ToDictionary(l => l.Port);

    /// <summary>No gateways.</summary>
    public static GatewayCatalog Empty { get; } = new([], new Dictionary<string, GatewayRouteTable>());

    /// <summary>The listeners, by ascending port.</summary>
    public IReadOnlyList<GatewayListenerModel> Listeners { get; } = [.. listeners.OrderBy(l => l.Port)];

    /// <summary>The route tables by name.</summary>
    public IReadOnlyDictionary<string, GatewayRouteTable> Routes { get; } = routes;

    /// <summary>The listener on <paramref name="port"/>, or null.</summary>
    public GatewayListenerModel? Listener(int port) => _byPort.GetValueOrDefault(port);

    /// <summary>The route table named <paramref name="name"/>, or null (a reload removed it).</summary>
    public GatewayRouteTable? FindRoutes(string name) => Routes.GetValueOrDefault(name);
}
