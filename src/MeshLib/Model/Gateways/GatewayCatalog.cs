namespace MeshLib.Model.Gateways;

/// <summary>Every gateway listener this process serves and the route tables behind them, part of one snapshot.</summary>
internal sealed class GatewayCatalog(
    IReadOnlyList<GatewayListenerModel> listeners,
    IReadOnlyDictionary<string, GatewayRouteTable> routes,
    IReadOnlyList<GatewayTcpListenerModel> tcpListeners)
{
    private readonly Dictionary<int, GatewayListenerModel> _byPort = listeners.ToDictionary(l => l.Port);
    private readonly Dictionary<int, GatewayTcpListenerModel> _tcpByPort = tcpListeners.ToDictionary(l => l.Port);

    /// <summary>No gateways.</summary>
    public static GatewayCatalog Empty { get; } = new([], new Dictionary<string, GatewayRouteTable>(), []);

    /// <summary>The HTTP and HTTPS listeners, by ascending port.</summary>
    public IReadOnlyList<GatewayListenerModel> Listeners { get; } = [.. listeners.OrderBy(l => l.Port)];

    /// <summary>The TCP listeners, by ascending port.</summary>
    public IReadOnlyList<GatewayTcpListenerModel> TcpListeners { get; } = [.. tcpListeners.OrderBy(l => l.Port)];

    /// <summary>The route tables by name.</summary>
    public IReadOnlyDictionary<string, GatewayRouteTable> Routes { get; } = routes;

    /// <summary>The HTTP or HTTPS listener on <paramref name="port"/>, or null.</summary>
    public GatewayListenerModel? Listener(int port) => _byPort.GetValueOrDefault(port);

    /// <summary>The TCP listener on <paramref name="port"/>, or null (a reload removed it).</summary>
    public GatewayTcpListenerModel? TcpListener(int port) => _tcpByPort.GetValueOrDefault(port);

    /// <summary>The route table named <paramref name="name"/>, or null (a reload removed it).</summary>
    public GatewayRouteTable? FindRoutes(string name) => Routes.GetValueOrDefault(name);
}
