namespace MeshLib.Configuration.Resources;

/// <summary>The Istio networking kinds MeshLib reads.</summary>
public enum ResourceKind
{
    /// <summary><c>VirtualService</c>: how requests to a host are routed.</summary>
    VirtualService,

    /// <summary><c>DestinationRule</c>: subsets and traffic policy of a destination.</summary>
    DestinationRule,

    /// <summary><c>ServiceEntry</c>: a service and its endpoints in the local registry.</summary>
    ServiceEntry,

    /// <summary><c>WorkloadEntry</c>: one endpoint, selected by a ServiceEntry's workload selector.</summary>
    WorkloadEntry,

    /// <summary><c>Gateway</c>: listeners at the edge of the mesh.</summary>
    Gateway,
}
