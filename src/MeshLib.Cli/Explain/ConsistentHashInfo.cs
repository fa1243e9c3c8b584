namespace MeshLib.Cli.Explain;

/// <summary>Consistent-hash load balancing and what it hashes for this request.</summary>
/// <param name="HashOn">What is hashed: <c>httpHeaderName</c>, <c>httpCookie</c>, <c>httpQueryParameterName</c>, <c>useSourceIp</c>, or <c>none</c>.</param>
/// <param name="Key">The header, cookie or query parameter name (null for source IP and none).</param>
/// <param name="RequestValue">The request's value for the key, or null when it lacks it (then the endpoint is random).</param>
/// <param name="RingSize">The minimum ring size (ring hash), or null.</param>
/// <param name="TableSize">The table size (Maglev), or null.</param>
internal sealed record ConsistentHashInfo(string HashOn, string? Key, string? RequestValue, ulong? RingSize, ulong? TableSize);
