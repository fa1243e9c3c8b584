using MeshLib.Clusters;
using MeshLib.ConnectionPool;
using MeshLib.LoadBalancing;

namespace MeshLib.Http;

/// <summary>
/// What one upstream attempt holds until its response is complete: the endpoint's active-request count (least
/// request), the circuit-breaker slot, and the cluster state itself. A value: whoever ends the attempt releases it
/// once — the attempt itself when it fails or its response has no body to wait for, else the
/// <see cref="ReleasingContent"/> that carries the body.
/// </summary>
internal readonly struct AttemptLease(ClusterState state, LbEndpoint? endpoint, AdmissionResult admission)
{
    /// <summary>Gives everything back. Call exactly once.</summary>
    public void Release()
    {
        endpoint?.DecrementActiveRequests();
        admission.Dispose();
        state.Exit();
    }
}
