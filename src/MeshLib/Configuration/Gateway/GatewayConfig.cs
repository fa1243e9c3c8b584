namespace MeshLib.Configuration.Gateway;

/// <summary>Istio <c>Gateway</c> spec: a load balancer at the edge of the mesh and the servers it exposes.</summary>
public sealed record GatewayConfig : ConfigElement
{
    /// <summary>Servers (ports, hosts, TLS) exposed by the gateway; at least one required.</summary>
    public EquatableList<ServerConfig>? Servers { get; init; }

    /// <summary>Labels of the gateway workloads this applies to; default: all workloads.</summary>
    public EquatableDictionary<string>? Selector { get; init; }
}
