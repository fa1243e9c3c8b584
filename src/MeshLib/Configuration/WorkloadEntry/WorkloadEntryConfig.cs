namespace MeshLib.Configuration.WorkloadEntry;

/// <summary>Istio <c>WorkloadEntry</c> spec: a non-Kubernetes workload, or an inline ServiceEntry endpoint.</summary>
public sealed record WorkloadEntryConfig : ConfigElement
{
    /// <summary>IP, FQDN (DNS resolution only) or <c>unix:///path</c>; required unless network is set.</summary>
    public string? Address { get; init; }

    /// <summary>Service port name to endpoint port; overrides targetPort; default the service port.</summary>
    public EquatableDictionary<uint>? Ports { get; init; }

    /// <summary>Labels of the endpoint, used by subsets and selectors.</summary>
    public EquatableDictionary<string>? Labels { get; init; }

    /// <summary>L3 network the endpoint is in; default the local network.</summary>
    public string? Network { get; init; }

    /// <summary>Failure domain <c>region/zone/subzone</c>; default none.</summary>
    public string? Locality { get; init; }

    /// <summary>Load balancing weight; default 0 (treated as 1).</summary>
    public uint? Weight { get; init; }

    /// <summary>Service account of the workload's sidecar; default none.</summary>
    public string? ServiceAccount { get; init; }
}
