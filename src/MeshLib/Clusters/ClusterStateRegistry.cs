using System.Collections.Concurrent;
using MeshLib.ConnectionPool;
using MeshLib.Internal;
using MeshLib.Model;

namespace MeshLib.Clusters;

/// <summary>
/// Runtime state per cluster name. A reload that leaves a cluster's model equal keeps its state (connection pool,
/// circuit breakers, outlier ejections, load-balancer counters); a changed or removed cluster's state is retired
/// and disposed once its in-flight requests finish.
/// </summary>
internal sealed class ClusterStateRegistry(IClusterTransportFactory transports, TimeProvider timeProvider, RandomSource random, Microsoft.Extensions.Options.IOptions<MeshOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _states = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The states of every cluster in use.</summary>
    public IEnumerable<ClusterState> States => _states.Values.Select(e => e.State);

    /// <summary>The state for <paramref name="model"/>; created on first use. The caller must <see cref="ClusterState.Exit"/> it.</summary>
    public ClusterState Enter(ClusterModel model)
    {
        // A reload may retire the state between the lookup and the enter: then take the slow path.
        if (_states.TryGetValue(model.Name, out var entry) && ReferenceEquals(entry.Model, model) && entry.State.TryEnter())
        {
            return entry.State;
        }

        lock (_gate)
        {
            if (_states.TryGetValue(model.Name, out entry))
            {
                if (ReferenceEquals(entry.Model, model) || entry.State.Model.Equals(model))
                {
                    // The same cluster in a newer snapshot: keep its state.
                    _states[model.Name] = entry = entry with { Model = model };
                    entry.State.Enter();
                    return entry.State;
                }

                entry.State.Retire();
            }

            var state = new ClusterState(model, transports, timeProvider, random, options.Value.Locality);
            _states[model.Name] = new Entry(model, state);
            state.Enter();
            return state;
        }
    }

    /// <summary>After a reload: retires the state of every cluster the new snapshot no longer has, or has changed.</summary>
    public void Prune(MeshSnapshot snapshot)
    {
        lock (_gate)
        {
            foreach (var (name, entry) in _states)
            {
                if (!snapshot.Clusters.TryGetValue(name, out var model) || !entry.State.Model.Equals(model))
                {
                    _states.TryRemove(name, out _);
                    entry.State.Retire();
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var entry in _states.Values)
        {
            entry.State.Dispose();
        }

        _states.Clear();
    }

    private sealed record Entry(ClusterModel Model, ClusterState State);
}
