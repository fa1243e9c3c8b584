namespace MeshLib.Cli.Explain;

/// <summary>One weighted destination of the matched route.</summary>
/// <param name="Host">The destination host (FQDN).</param>
/// <param name="Subset">The subset, or null.</param>
/// <param name="Port">The port the destination names, or null.</param>
/// <param name="Weight">The configured weight (0 when unset).</param>
/// <param name="Percent">The share of requests it gets: <c>weight / sum of weights × 100</c> (100 for a single destination).</param>
/// <param name="Cluster">The cluster the request reaches, or null when there is none.</param>
/// <param name="Problem">Why there is no cluster (the request then gets 503), or null.</param>
internal sealed record DestinationInfo(
    string Host,
    string? Subset,
    int? Port,
    int Weight,
    double Percent,
    ClusterInfo? Cluster,
    string? Problem);
