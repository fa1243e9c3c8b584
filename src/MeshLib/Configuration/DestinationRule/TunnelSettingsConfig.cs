namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>TrafficPolicy.TunnelSettings</c>: tunnels the downstream TCP connection through an HTTP proxy.</summary>
public sealed record TunnelSettingsConfig : ConfigElement
{
    /// <summary>Tunneling protocol, <c>CONNECT</c> or <c>POST</c>; default CONNECT.</summary>
    public string? Protocol { get; init; }

    /// <summary>Host (FQDN or IP) the connection is tunneled to; required.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Port the connection is tunneled to; required.</summary>
    public uint? TargetPort { get; init; }
}
