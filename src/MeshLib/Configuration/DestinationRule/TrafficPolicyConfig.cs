namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>TrafficPolicy</c>: traffic policy for a destination, across all its ports unless overridden.</summary>
public sealed record TrafficPolicyConfig : ConfigElement
{
    /// <summary>Load balancer algorithm settings; default LEAST_REQUEST.</summary>
    public LoadBalancerSettingsConfig? LoadBalancer { get; init; }

    /// <summary>Connection pool limits (circuit breakers) to the upstream service.</summary>
    public ConnectionPoolSettingsConfig? ConnectionPool { get; init; }

    /// <summary>Passive ejection of unhealthy hosts; absent means nothing is ejected.</summary>
    public OutlierDetectionConfig? OutlierDetection { get; init; }

    /// <summary>TLS settings for upstream connections; unset lets auto-mTLS decide.</summary>
    public ClientTlsSettingsConfig? Tls { get; init; }

    /// <summary>Per-port policies that replace the destination-level policy for their port (max 4096).</summary>
    public EquatableList<PortTrafficPolicyConfig>? PortLevelSettings { get; init; }

    /// <summary>Tunnel TCP over HTTP CONNECT/POST to a target; TCP/TLS routes only.</summary>
    public TunnelSettingsConfig? Tunnel { get; init; }

    /// <summary>Send the PROXY protocol header upstream; default none.</summary>
    public ProxyProtocolConfig? ProxyProtocol { get; init; }

    /// <summary>Limit concurrent retries to a share of active requests; default none (max-retries limit only).</summary>
    public RetryBudgetConfig? RetryBudget { get; init; }
}
