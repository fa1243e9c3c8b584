using MeshLib.Clusters;
using MeshLib.ConnectionPool;
using MeshLib.LoadBalancing;

namespace MeshLib.Http;

/// <summary>
/// What one upstream attempt holds until its response is complete: the endpoint's active-request count (least
/// request), the circuit-breaker slot, and the cluster state itself. Released exactly once.
/// </summary>
internal sealed class AttemptLease(ClusterState state, LbEndpoint? endpoint, AdmissionResult admission)
{
    private int _released;

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        endpoint?.DecrementActiveRequests();
        admission.Dispose();
        state.Exit();
    }
}
