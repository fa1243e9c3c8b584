namespace MeshLib.Cli.Explain;

/// <summary>A mirror target of a route.</summary>
/// <param name="Host">The mirror host.</param>
/// <param name="Subset">The subset, or null.</param>
/// <param name="Percent">The share of requests mirrored, 0..100.</param>
/// <param name="Cluster">The cluster mirrored to, or null when there is none (the mirror is skipped).</param>
internal sealed record MirrorInfo(string Host, string? Subset, double Percent, string? Cluster);
