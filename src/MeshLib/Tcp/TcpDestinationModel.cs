using MeshLib.Model;

namespace MeshLib.Tcp;

/// <summary>One weighted destination of a TCP route and the cluster it resolves to for its listener's port.</summary>
/// <param name="Host">The destination host (FQDN).</param>
/// <param name="Subset">The subset, or empty.</param>
/// <param name="Weight">The configured weight.</param>
/// <param name="Cluster">The cluster, or null when there is none (unknown host, port or subset): the connection is closed.</param>
internal sealed record TcpDestinationModel(string Host, string Subset, int Weight, ClusterModel? Cluster)
{
    /// <inheritdoc/>
    public override string ToString() => Subset.Length > 0 ? $"{Host}+{Subset}" : Host;
}
