namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>TrafficPolicy.ProxyProtocol</c>: PROXY protocol header sent to the upstream.</summary>
public sealed record ProxyProtocolConfig : ConfigElement
{
    /// <summary>PROXY protocol version; default V1.</summary>
    public ProxyProtocolVersion? Version { get; init; }
}
