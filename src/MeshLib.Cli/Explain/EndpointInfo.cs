namespace MeshLib.Cli.Explain;

/// <summary>One endpoint of a cluster.</summary>
/// <param name="Address">The IP address or DNS name.</param>
/// <param name="Port">The port connected to.</param>
/// <param name="Labels">The workload labels.</param>
/// <param name="Weight">The load-balancing weight.</param>
/// <param name="Locality">The locality (<c>region/zone/subzone</c>), or null.</param>
internal sealed record EndpointInfo(string Address, int Port, IReadOnlyDictionary<string, string> Labels, uint Weight, string? Locality);
