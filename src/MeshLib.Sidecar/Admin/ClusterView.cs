using MeshLib.Clusters;
using MeshLib.Http;
using MeshLib.Model;

namespace MeshLib.Sidecar.Admin;

/// <summary>One cluster of the configuration in force, with its runtime state if a request has used it.</summary>
/// <param name="Model">The compiled cluster.</param>
/// <param name="State">Its connection pool, circuit breakers and outlier detector; null until first used.</param>
internal sealed record ClusterView(ClusterModel Model, ClusterState? State)
{
    /// <summary>Every cluster of the current snapshot, by name, joined with the runtime states.</summary>
    /// <param name="runtime">The mesh runtime.</param>
    /// <returns>The clusters, ordered by name.</returns>
    public static List<ClusterView> All(MeshRuntime runtime)
    {
        var states = new Dictionary<string, ClusterState>(StringComparer.Ordinal);
        foreach (var state in runtime.Clusters.States)
        {
            states[state.Model.Name] = state;
        }

        var views = new List<ClusterView>();
        foreach (var (name, model) in runtime.Manager.Current.Clusters)
        {
            views.Add(new ClusterView(model, states.GetValueOrDefault(name)));
        }

        views.Sort((a, b) => string.CompareOrdinal(a.Model.Name, b.Model.Name));
        return views;
    }
}
