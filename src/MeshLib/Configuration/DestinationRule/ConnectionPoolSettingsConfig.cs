namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConnectionPoolSettings</c>: circuit-breaker limits per cluster per client proxy.</summary>
public sealed record ConnectionPoolSettingsConfig : ConfigElement
{
    /// <summary>Settings common to TCP and HTTP upstream connections.</summary>
    public TcpSettingsConfig? Tcp { get; init; }

    /// <summary>HTTP/1.1, HTTP/2 and gRPC connection pool settings.</summary>
    public HttpSettingsConfig? Http { get; init; }
}
