namespace MeshLib.Cli.Explain;

/// <summary>The route-level policies of a forwarding route.</summary>
/// <param name="Fault">The fault injection, or null when the route has none.</param>
/// <param name="Timeout">The route timeout (covers every attempt) as an Istio duration, or null for none (Istio's default).</param>
/// <param name="Retries">The retry policy.</param>
/// <param name="Rewrite">The path and authority rewrite for this request, or null.</param>
/// <param name="Mirrors">The mirror targets.</param>
internal sealed record RoutePoliciesInfo(
    FaultInfo? Fault,
    string? Timeout,
    RetryInfo Retries,
    RewriteInfo? Rewrite,
    IReadOnlyList<MirrorInfo> Mirrors);
