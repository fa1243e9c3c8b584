namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPFaultInjection</c>: client-side delay and/or abort faults.</summary>
public sealed record HttpFaultInjectionConfig : ConfigElement
{
    /// <summary>Delay injected before forwarding; default: none.</summary>
    public DelayConfig? Delay { get; init; }

    /// <summary>Abort of the request with an error code; default: none.</summary>
    public AbortConfig? Abort { get; init; }
}
