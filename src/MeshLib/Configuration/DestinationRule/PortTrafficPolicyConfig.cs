using MeshLib.Configuration.Common;

namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>TrafficPolicy.PortTrafficPolicy</c>: traffic policy for one port of the destination.</summary>
public sealed record PortTrafficPolicyConfig : ConfigElement
{
    /// <summary>Port of the destination service this policy applies to; required.</summary>
    public PortSelectorConfig? Port { get; init; }

    /// <summary>Load balancer settings for this port; default LEAST_REQUEST.</summary>
    public LoadBalancerSettingsConfig? LoadBalancer { get; init; }

    /// <summary>Connection pool limits for this port; unset means defaults, not the top-level block.</summary>
    public ConnectionPoolSettingsConfig? ConnectionPool { get; init; }

    /// <summary>Outlier detection for this port; unset means none, not the top-level block.</summary>
    public OutlierDetectionConfig? OutlierDetection { get; init; }

    /// <summary>Upstream TLS for this port; unset means default, not the top-level block.</summary>
    public ClientTlsSettingsConfig? Tls { get; init; }
}
