namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>L4MatchAttributes</c>: match conditions of a TCP connection.</summary>
public sealed record L4MatchAttributesConfig : ConfigElement
{
    /// <summary>Destination IPs or CIDR subnets; default: any.</summary>
    public EquatableList<string>? DestinationSubnets { get; init; }

    /// <summary>Destination port; default: any.</summary>
    public uint? Port { get; init; }

    /// <summary>Source IP or CIDR subnet (hidden in Istio); default: any.</summary>
    public string? SourceSubnet { get; init; }

    /// <summary>Selects the client workloads, by labels, that this match applies to; default: all.</summary>
    public EquatableDictionary<string>? SourceLabels { get; init; }

    /// <summary>Gateways this match applies to, overriding the top-level <c>gateways</c>; default: the top-level list.</summary>
    public EquatableList<string>? Gateways { get; init; }

    /// <summary>Selects client workloads by namespace; default: all namespaces.</summary>
    public string? SourceNamespace { get; init; }
}
