namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConsistentHashLB.MagLev</c>: Maglev consistent hashing.</summary>
public sealed record MaglevConfig : ConfigElement
{
    /// <summary>Lookup table size, a prime below 5000011; default 65537.</summary>
    public ulong? TableSize { get; init; }
}
