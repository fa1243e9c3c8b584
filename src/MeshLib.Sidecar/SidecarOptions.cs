using System.Net;

namespace MeshLib.Sidecar;

/// <summary>The sidecar's command line, parsed.</summary>
internal sealed class SidecarOptions
{
    /// <summary>Configuration files or directories, watched for changes (<c>--config</c>, repeatable).</summary>
    public List<string> ConfigPaths { get; } = [];

    /// <summary>The outbound listener's port on 127.0.0.1 (<c>--outbound-port</c>).</summary>
    public int OutboundPort { get; set; } = 15001;

    /// <summary>The admin listener's port on 127.0.0.1 (<c>--admin-port</c>).</summary>
    public int AdminPort { get; set; } = 15000;

    /// <summary>This workload's name (<c>--workload</c>), reported as <c>source_workload</c>.</summary>
    public string WorkloadName { get; set; } = "unknown";

    /// <summary>This workload's labels (<c>--label KEY=VALUE</c>), matched by <c>sourceLabels</c>.</summary>
    public Dictionary<string, string> WorkloadLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>This workload's locality (<c>--locality</c>), or null.</summary>
    public string? Locality { get; set; }

    /// <summary>The workload's namespace (<c>--namespace</c>).</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>What happens to a host the configuration does not know (<c>--outbound-traffic-policy</c>).</summary>
    public OutboundTrafficPolicy OutboundTrafficPolicy { get; set; } = OutboundTrafficPolicy.AllowAny;

    /// <summary>The address every gateway listener binds (<c>--gateway-bind</c>).</summary>
    public IPAddress GatewayBind { get; set; } = IPAddress.Loopback;

    /// <summary>Where gateway TLS credentials live (<c>--gateway-certs</c>): <c>credentialName</c> is <c>NAME.crt</c> and <c>NAME.key</c> there.</summary>
    public string? GatewayCertificates { get; set; }

    /// <summary>The OTLP collector's base URL (<c>--otlp-endpoint</c>); overrides <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport (<c>--otlp-protocol</c>); overrides <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>Where TCP service ports listen instead of their own port (<c>--tcp-listen [HOST:]PORT=LOCALPORT</c>, repeatable).</summary>
    public List<Tcp.TcpListenMapping> TcpListen { get; } = [];

    /// <summary>Added to a TCP service port to give its listener port when no <c>--tcp-listen</c> maps it (<c>--tcp-port-offset</c>).</summary>
    public int TcpPortOffset { get; set; }

    /// <summary>The policy as written on the command line.</summary>
    public string OutboundTrafficPolicyName => OutboundTrafficPolicy == OutboundTrafficPolicy.RegistryOnly ? "REGISTRY_ONLY" : "ALLOW_ANY";
}
