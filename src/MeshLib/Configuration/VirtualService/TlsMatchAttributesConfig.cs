namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>TLSMatchAttributes</c>: match conditions of a TLS connection.</summary>
public sealed record TlsMatchAttributesConfig : ConfigElement
{
    /// <summary>SNI values to match (wildcard prefix allowed); required.</summary>
    public EquatableList<string>? SniHosts { get; init; }

    /// <summary>Destination IPs or CIDR subnets; default: any.</summary>
    public EquatableList<string>? DestinationSubnets { get; init; }

    /// <summary>Destination port; default: any.</summary>
    public uint? Port { get; init; }

    /// <summary>Selects the client workloads, by labels, that this match applies to; default: all.</summary>
    public EquatableDictionary<string>? SourceLabels { get; init; }

    /// <summary>Gateways this match applies to, overriding the top-level <c>gateways</c>; default: the top-level list.</summary>
    public EquatableList<string>? Gateways { get; init; }

    /// <summary>Selects client workloads by namespace; default: all namespaces.</summary>
    public string? SourceNamespace { get; init; }
}
