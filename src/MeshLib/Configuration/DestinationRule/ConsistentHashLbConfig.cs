namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>LoadBalancerSettings.ConsistentHashLB</c>: consistent-hash balancing for soft session affinity.</summary>
public sealed record ConsistentHashLbConfig : ConfigElement
{
    /// <summary>Hash on this request header (hash_key oneof).</summary>
    public string? HttpHeaderName { get; init; }

    /// <summary>Hash on this cookie, generating it when missing and a TTL is set (hash_key oneof).</summary>
    public HttpCookieConfig? HttpCookie { get; init; }

    /// <summary>Hash on the source IP; works for TCP too (hash_key oneof).</summary>
    public bool? UseSourceIp { get; init; }

    /// <summary>Hash on this query parameter (hash_key oneof).</summary>
    public string? HttpQueryParameterName { get; init; }

    /// <summary>Use the ring hash algorithm, the default (hash_algorithm oneof).</summary>
    public RingHashConfig? RingHash { get; init; }

    /// <summary>Use the Maglev algorithm (hash_algorithm oneof).</summary>
    public MaglevConfig? Maglev { get; init; }

    /// <summary>Deprecated ring size (use ringHash); cannot be combined with the algorithm oneof; default 1024.</summary>
    public ulong? MinimumRingSize { get; init; }
}
