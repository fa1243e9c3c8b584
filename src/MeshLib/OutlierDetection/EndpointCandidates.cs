using System.Collections.Immutable;

namespace MeshLib.OutlierDetection;

/// <summary>
/// The endpoints a load balancer may pick from, published immutably by <see cref="OutlierDetector"/> and
/// replaced only when ejection state or the endpoint list changes, so reading it allocates nothing.
/// </summary>
internal sealed class EndpointCandidates
{
    internal EndpointCandidates(
        OutlierDetectionPolicy? policy,
        ImmutableArray<EndpointHealth> endpoints,
        ImmutableArray<int> allIndexes,
        ImmutableArray<int> indexes,
        int ejectedCount,
        bool isPanic,
        long version)
    {
        Policy = policy;
        Endpoints = endpoints;
        AllIndexes = allIndexes;
        Indexes = indexes;
        EjectedCount = ejectedCount;
        IsPanic = isPanic;
        Version = version;
    }

    /// <summary>Indexes (into the detector's endpoint keys) eligible for load balancing, ascending.</summary>
    /// <remarks>Empty when every endpoint is ejected and panic is off: answer 503 <c>no healthy upstream</c>.</remarks>
    public ImmutableArray<int> Indexes { get; }

    /// <summary>Whether the healthy share fell below <c>minHealthPercent</c>, so ejected endpoints are included.</summary>
    public bool IsPanic { get; }

    /// <summary>Number of endpoints currently ejected.</summary>
    public int EjectedCount { get; }

    /// <summary>Number of endpoints in the cluster.</summary>
    public int EndpointCount => Endpoints.Length;

    /// <summary>Rises by one each time a new set is published; lets a load balancer cache derived tables.</summary>
    public long Version { get; }

    internal OutlierDetectionPolicy? Policy { get; }

    internal ImmutableArray<EndpointHealth> Endpoints { get; }

    internal ImmutableArray<int> AllIndexes { get; }
}
