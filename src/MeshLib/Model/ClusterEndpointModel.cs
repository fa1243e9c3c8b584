using MeshLib.Configuration;

namespace MeshLib.Model;

/// <summary>One endpoint of a cluster: where to connect, and what the load balancer weighs it by.</summary>
/// <param name="Address">IP address or DNS name.</param>
/// <param name="Port">The port to connect to (the service port mapped to the endpoint's target port).</param>
/// <param name="Weight">The load-balancing weight.</param>
/// <param name="Locality">The locality as <c>region/zone/subzone</c>, if any.</param>
/// <param name="Labels">The workload's labels.</param>
internal sealed record ClusterEndpointModel(string Address, int Port, uint Weight, string? Locality, EquatableDictionary<string> Labels)
{
    /// <summary>The endpoint as <c>address:port</c> (IPv6 in brackets), the key of its runtime state.</summary>
    public string Key => Address.Contains(':', StringComparison.Ordinal) && !Address.StartsWith('[') ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
