namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPFaultInjection.Delay</c>: latency injected before forwarding.</summary>
public sealed record DelayConfig : ConfigElement
{
    /// <summary>Fixed delay before forwarding (oneof with <c>exponentialDelay</c>); required.</summary>
    public Duration? FixedDelay { get; init; }

    /// <summary>Exponential delay (hidden in Istio, rejected by validation); default: none.</summary>
    public Duration? ExponentialDelay { get; init; }

    /// <summary>Share of requests delayed; default: <c>percent</c>, else 0%.</summary>
    public PercentConfig? Percentage { get; init; }

    /// <summary>Deprecated integer share (0–100) of requests delayed; default: none.</summary>
    public int? Percent { get; init; }
}
