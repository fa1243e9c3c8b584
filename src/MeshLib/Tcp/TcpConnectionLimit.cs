using System.Runtime.CompilerServices;
using MeshLib.Clusters;
using MeshLib.ConnectionPool;

namespace MeshLib.Tcp;

/// <summary>
/// Envoy's <c>max_connections</c> circuit breaker for TCP proxying (<c>connectionPool.tcp.maxConnections</c>): a
/// connection beyond the limit is closed at once (UO), never queued. Counted per cluster state, so a reload that keeps
/// the cluster keeps the count.
/// </summary>
internal static class TcpConnectionLimit
{
    private static readonly ConditionalWeakTable<ClusterState, Counter> Counters = [];

    /// <summary>Takes a connection slot of <paramref name="state"/>'s cluster.</summary>
    /// <returns><see langword="false"/> when <see cref="ConnectionPoolPolicy.MaxConnections"/> connections are open.</returns>
    public static bool TryEnter(ClusterState state)
    {
        var counter = Counters.GetValue(state, static _ => new Counter());
        if (Interlocked.Increment(ref counter.Open) <= state.Pool.MaxConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref counter.Open);
        return false;
    }

    /// <summary>Gives back a slot taken by <see cref="TryEnter"/>.</summary>
    public static void Exit(ClusterState state)
    {
        if (Counters.TryGetValue(state, out var counter))
        {
            Interlocked.Decrement(ref counter.Open);
        }
    }

    private sealed class Counter
    {
        public long Open;
    }
}
