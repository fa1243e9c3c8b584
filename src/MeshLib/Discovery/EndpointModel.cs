using MeshLib.Configuration;

namespace MeshLib.Discovery;

/// <summary>One workload instance of a service (a ServiceEntry endpoint or a selected WorkloadEntry).</summary>
/// <param name="Address">IP address or DNS name.</param>
/// <param name="PortsByName">Port overrides by service port name.</param>
/// <param name="Labels">The workload's labels, which DestinationRule subsets select on.</param>
/// <param name="Weight">The load-balancing weight (1 when unset).</param>
/// <param name="Locality">The locality as <c>region/zone/subzone</c>, if any.</param>
internal sealed record EndpointModel(
    string Address,
    EquatableDictionary<uint> PortsByName,
    EquatableDictionary<string> Labels,
    uint Weight,
    string? Locality)
{
    /// <summary>The port this endpoint listens on for <paramref name="servicePort"/>.</summary>
    public int TargetPortFor(ServicePortModel servicePort) =>
        PortsByName.TryGetValue(servicePort.Name, out var mapped) ? (int)mapped : servicePort.TargetPort;

    /// <summary>Whether every label of <paramref name="selector"/> is on this endpoint with the same value.</summary>
    public bool HasLabels(IReadOnlyDictionary<string, string>? selector)
    {
        if (selector is null)
        {
            return true;
        }

        foreach (var (key, value) in selector)
        {
            if (!Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }
}
