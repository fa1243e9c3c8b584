namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConsistentHashLB.RingHash</c>: ring/modulo consistent hashing.</summary>
public sealed record RingHashConfig : ConfigElement
{
    /// <summary>Minimum virtual nodes on the hash ring; default 1024.</summary>
    public ulong? MinimumRingSize { get; init; }
}
