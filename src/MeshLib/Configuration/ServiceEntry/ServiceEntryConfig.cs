using MeshLib.Configuration.WorkloadEntry;

namespace MeshLib.Configuration.ServiceEntry;

/// <summary>Istio <c>ServiceEntry</c> spec: adds hosts to the service registry.</summary>
public sealed record ServiceEntryConfig : ConfigElement
{
    /// <summary>Hosts of the service, wildcard prefixes allowed; required (1–256, not <c>*</c>).</summary>
    public EquatableList<string>? Hosts { get; init; }

    /// <summary>Virtual IPs or CIDRs of the service; default none (TCP matched by port only).</summary>
    public EquatableList<string>? Addresses { get; init; }

    /// <summary>Ports of the service; numbers and names unique.</summary>
    public EquatableList<ServicePortConfig>? Ports { get; init; }

    /// <summary>Whether the service is inside the mesh; default MESH_EXTERNAL.</summary>
    public ServiceEntryLocation? Location { get; init; }

    /// <summary>How endpoint addresses are resolved; default NONE.</summary>
    public ServiceEntryResolution? Resolution { get; init; }

    /// <summary>Endpoints of the service (max 4096); excludes workloadSelector.</summary>
    public EquatableList<WorkloadEntryConfig>? Endpoints { get; init; }

    /// <summary>Selects pods and WorkloadEntries as endpoints (MESH_INTERNAL only); excludes endpoints.</summary>
    public WorkloadSelectorConfig? WorkloadSelector { get; init; }

    /// <summary>Namespaces the service is visible to (<c>.</c>, <c>*</c>, <c>~</c>); default all.</summary>
    public EquatableList<string>? ExportTo { get; init; }

    /// <summary>SANs accepted on the upstream certificate.</summary>
    public EquatableList<string>? SubjectAltNames { get; init; }
}
