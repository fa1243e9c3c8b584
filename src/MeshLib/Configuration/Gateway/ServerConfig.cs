namespace MeshLib.Configuration.Gateway;

/// <summary>Istio <c>Server</c>: one port of a gateway with its hosts and TLS settings.</summary>
public sealed record ServerConfig : ConfigElement
{
    /// <summary>Port the server listens on; required.</summary>
    public GatewayPortConfig? Port { get; init; }

    /// <summary>IP or <c>unix://</c> socket to bind to; default: all addresses.</summary>
    public string? Bind { get; init; }

    /// <summary>Hosts exposed, as <c>[namespace/]dnsName</c>; required.</summary>
    public EquatableList<string>? Hosts { get; init; }

    /// <summary>TLS settings (required for HTTPS and TLS); default: none.</summary>
    public ServerTlsSettingsConfig? Tls { get; init; }

    /// <summary>Loopback endpoint traffic is forwarded to (sidecar ingress only); default: none.</summary>
    public string? DefaultEndpoint { get; init; }

    /// <summary>Optional server name, used in stats; default: none.</summary>
    public string? Name { get; init; }
}
