namespace MeshLib.Cli.Explain;

/// <summary>A cluster's load balancer.</summary>
/// <param name="Algorithm">What picks the endpoint: <c>LEAST_REQUEST</c>, <c>ROUND_ROBIN</c>, <c>RANDOM</c>, <c>RING_HASH</c> or <c>MAGLEV</c>.</param>
/// <param name="IsDefault">Whether no <c>loadBalancer</c> applies (Istio's default, LEAST_REQUEST).</param>
/// <param name="Simple">The configured <c>simple</c>, or null.</param>
/// <param name="ConsistentHash">The consistent-hash settings, or null.</param>
/// <param name="LocalityLbSetting">Whether a <c>localityLbSetting</c> is configured.</param>
internal sealed record LoadBalancerInfo(string Algorithm, bool IsDefault, string? Simple, ConsistentHashInfo? ConsistentHash, bool LocalityLbSetting);
